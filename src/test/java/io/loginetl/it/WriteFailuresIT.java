package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes that fail for a reason retrying cannot fix, on a real PostgreSQL: a revoked INSERT, a
 * dropped table, a read-only database. Readiness says so, the log says what to fix once per back-off
 * cycle, nothing is deleted from the queue, a drain gives up with exit 1 after
 * ETL_WRITE_PERMANENT_FAILURE_TIMEOUT, and once fixed the messages are stored.
 */
class WriteFailuresIT {

    private static final String PERMANENT_LINE = "failed and will until someone acts";
    private static final List<String> EVENTS = SampleEvents.validEvents().stream().limit(20).map(Object::toString).toList();

    @Test
    void aRevokedInsertTurnsReadinessDownDeletesNothingAndRecoversOnceGranted() throws Exception {
        TestInfra infra = TestInfra.create();
        StartupIT.migrate(infra);
        String role = infra.database() + "_writer";
        // Everything a writer needs on every table the migrations made, but INSERT on user_logins.
        infra.execute("CREATE ROLE " + role + " LOGIN", "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO " + role,
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role, "REVOKE INSERT ON user_logins FROM " + role);
        infra.send(EVENTS);
        int httpPort = TestInfra.freePort();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("QUARKUS_DATASOURCE_USERNAME", role);
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false"); // this user may not create anything
        env.put("ETL_RETRY_MAX_BACKOFF", "1s");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Path log = Path.of("target/it-logs/write-failures-revoked.log");
        Process app = PackagedApp.start(env, log);
        long deniedFrom = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> AppHttp.ready(httpPort) == 503
                    && AppHttp.body(httpPort, "/q/health/ready").contains("SQLSTATE 42501"));
            Thread.sleep(3_000); // several back-off cycles of 2.4 s
            assertThat(AppHttp.ready(httpPort)).as("still DOWN: the idle probe's connection check must not hide it").isEqualTo(503);
            assertThat(infra.queued()).as("nothing deleted").isEqualTo(EVENTS.size());
            assertThat(EndState.rows(infra)).isZero();

            infra.execute("GRANT INSERT ON user_logins TO " + role);
            double deniedSeconds = (System.nanoTime() - deniedFrom) / 1e9;
            await().atMost(Duration.ofSeconds(60)).until(() -> EndState.rows(infra) == EVENTS.size() && infra.queued() == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> AppHttp.ready(httpPort) == 200);

            String output = Files.readString(log);
            long lines = output.lines().filter(l -> l.contains(PERMANENT_LINE)).count();
            // One ERROR per back-off cycle (0.2 + 0.4 + 0.8 + 1 s with a 1 s bound), not one per attempt (about twice as many).
            assertThat(lines).as(output).isBetween(1L, (long) (deniedSeconds / 2.4) + 2);
            assertThat(output).contains("permission denied for table user_logins").contains("QUARKUS_DATASOURCE_USERNAME");
        } finally {
            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aDroppedTableEndsTheDrainWithExit1AndDeletesNothing() throws Exception {
        TestInfra infra = TestInfra.create();
        StartupIT.migrate(infra);
        infra.execute("DROP TABLE user_logins");
        infra.send(EVENTS);

        PackagedApp.Result result = PackagedApp.run(drainGivingUpSoon(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("SQLSTATE 42P01").contains("ETL_WRITE_PERMANENT_FAILURE_TIMEOUT")
                .contains("ETL_MODE=migrate").doesNotContain("Pipeline drained").doesNotContain("\tat ");
        assertThat(infra.queued()).as("nothing deleted").isEqualTo(EVENTS.size());
    }

    @Test
    void aReadOnlyDatabaseEndsTheDrainAndAfterTheFixTheNextDrainStoresEverything() throws Exception {
        TestInfra infra = TestInfra.create();
        StartupIT.migrate(infra);
        infra.execute("ALTER DATABASE " + infra.database() + " SET default_transaction_read_only = on");
        infra.send(EVENTS);
        Map<String, String> env = drainGivingUpSoon(infra);
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");

        PackagedApp.Result failed = PackagedApp.run(env, 120);

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("SQLSTATE 25006").contains("default_transaction_read_only")
                .doesNotContain("Pipeline drained").doesNotContain("\tat ");
        assertThat(infra.queued()).as("nothing deleted").isEqualTo(EVENTS.size());

        infra.execute("SET default_transaction_read_only = off",
                "ALTER DATABASE " + infra.database() + " RESET default_transaction_read_only");
        PackagedApp.Result fixed = PackagedApp.run(env, 120);

        assertThat(fixed.exitCode()).as(fixed.output()).isZero();
        assertThat(fixed.output()).contains("drained: stored=" + EVENTS.size() + " ");
        assertThat(infra.queued()).isZero();
    }

    private static Map<String, String> drainGivingUpSoon(TestInfra infra) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("ETL_WRITE_PERMANENT_FAILURE_TIMEOUT", "3s");
        env.put("ETL_RETRY_MAX_BACKOFF", "1s");
        return env;
    }
}
