package io.loginetl.it;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage of three visibility timeouts while the service holds a batch it cannot write. The
 * held messages must stay hidden the whole time (the visibility heartbeat), so that no consumer, this
 * one or another replica, receives them again: afterwards the process itself reports every message
 * received once and no duplicate, and the table holds each once.
 */
class OutageLongerThanVisibilityIT {

    private static final Duration VISIBILITY = Duration.ofSeconds(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void heldMessagesAreReceivedOnceThroughADatabaseOutage() throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = SampleEvents.validEvents().stream().map(Object::toString).toList();
        int sent = events.size();
        Path log = Path.of("target/it-logs/outage-longer-than-visibility.log");
        SoftAssertions softly = new SoftAssertions();
        try (TcpProxy database = new TcpProxy(EmbeddedServers.postgresPort()); SqsClient sqs = TestInfra.sqs()) {
            int httpPort = TestInfra.freePort();
            Map<String, String> env = new HashMap<>(infra.environment());
            env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl().replace(
                    ":" + EmbeddedServers.postgresPort() + "/", ":" + database.port() + "/"));
            env.put("ETL_RECEIVE_VISIBILITY_TIMEOUT", VISIBILITY.toSeconds() + "s");
            env.put("ETL_RECEIVE_WAIT_TIME", "1s"); // receivers poll often: a reappearing message is taken at once
            env.put("ETL_RETRY_MAX_BACKOFF", "1s");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            Process app = PackagedApp.start(env, log);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(httpPort) == 200);

                database.cut();
                infra.send(events);
                // The service takes every message and holds it: none visible, all in flight.
                await().atMost(Duration.ofSeconds(20)).until(() -> depth(sqs, infra).equals(List.of(0L, (long) sent)));
                long heldSince = System.nanoTime();
                long mostVisible = 0;
                while (System.nanoTime() - heldSince < 3 * VISIBILITY.toNanos()) {
                    mostVisible = Math.max(mostVisible, depth(sqs, infra).get(0));
                    Thread.sleep(200);
                }
                List<Long> atRestore = depth(sqs, infra);
                database.restore();

                assertThat(atRestore.get(0) + atRestore.get(1)).as("messages still queued after %d s of outage"
                        + " (nothing may be deleted before its row is committed)", 3 * VISIBILITY.toSeconds()).isEqualTo(sent);
                softly.assertThat(mostVisible).as("most messages seen visible while they were held").isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> infra.queued(sqs) == 0 && EndState.rows(infra) >= sent);
            } finally {
                app.destroy(); // SIGTERM: the process logs its counters as it stops
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            }
        }

        Map<String, Long> counters = AppLog.counters(log, "Pipeline stopped");
        softly.assertThat(counters).as("the 'Pipeline stopped' line's counters in %s", log).containsKeys("received", "duplicates");
        softly.assertThat(counters.get("received")).as("messages the process received (%s)", counters).isEqualTo(sent);
        softly.assertThat(counters.get("duplicates")).as("redeliveries the process met (%s)", counters).isZero();
        softly.assertThat(counters.get("stored")).as("rows the process stored (%s)", counters).isEqualTo(sent);
        EndState end = EndState.of(infra);
        softly.assertThat(end.rowProblems(EndState.validUserIds(events))).as("rows against the sample").isEmpty();
        softly.assertAll();
    }

    /** Visible and in-flight messages of the source queue. */
    private static List<Long> depth(SqsClient sqs, TestInfra infra) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(infra.queueUrl()).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return List.of(Long.parseLong(a.get("ApproximateNumberOfMessages")), Long.parseLong(a.get("ApproximateNumberOfMessagesNotVisible")));
    }

    private int ready(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notUp) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
