package io.loginetl.it;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real outages, made by cutting a proxy in front of PostgreSQL or ElasticMQ: nothing is deleted
 * from the queue, readiness reports DOWN, and when the server returns every message lands once.
 */
class OutageIT {

    @Test
    void databaseOutageDelaysButLosesNothing() throws Exception {
        outageDelaysButLosesNothing(EmbeddedServers.postgresPort(), "QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Test
    void queueOutageDelaysButLosesNothing() throws Exception {
        outageDelaysButLosesNothing(EmbeddedServers.sqsPort(), "QUARKUS_SQS_ENDPOINT_OVERRIDE", "ETL_QUEUE_URL",
                "ETL_DEAD_LETTER_QUEUE_URL");
    }

    /** Runs the service with the given settings pointed at a proxy of {@code port}, then cuts it. */
    private void outageDelaysButLosesNothing(int port, String... viaProxy) throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = SampleEvents.validEvents().stream().map(Object::toString).toList();
        try (TcpProxy proxy = new TcpProxy(port)) {
            int httpPort = TestInfra.freePort();
            Map<String, String> env = new HashMap<>(infra.environment());
            for (String setting : viaProxy) {
                env.put(setting, env.get(setting).replace(":" + port + "/", ":" + proxy.port() + "/")
                        .replaceAll(":" + port + "$", ":" + proxy.port()));
            }
            env.put("ETL_RETRY_MAX_BACKOFF", "1s");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            Process app = PackagedApp.start(env, Path.of("target/it-logs/outage-" + port + ".log"));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(httpPort) == 200);

                proxy.cut();
                infra.send(events);
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(httpPort) == 503);
                for (int probe = 0; probe < 6; probe++) { // several write attempts fail meanwhile
                    assertThat(ready(httpPort)).as("readiness answers within a probe's 1 s timeout").isEqualTo(503);
                    Thread.sleep(500);
                }
                assertThat(infra.queued()).as("nothing deleted during the outage").isEqualTo(events.size());

                proxy.restore();
                await().atMost(Duration.ofSeconds(60)).until(() -> rows(infra) == events.size() && infra.queued() == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(httpPort) == 200);
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
    }

    private static int ready(int port) {
        return AppHttp.ready(port);
    }

    private static long rows(TestInfra infra) throws Exception {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery("SELECT count(DISTINCT message_id) FROM user_logins")) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
