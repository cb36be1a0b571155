package io.loginetl.it;

import io.loginetl.testsupport.EventGenerator;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM in the middle of a backlog: the service stops receiving, commits and deletes what it
 * holds, and exits. Nothing is lost and nothing doubled: every message is either a row or still
 * in the queue, never neither and never both.
 */
class GracefulShutdownIT {

    private static final int MESSAGES = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"service", "drain"})
    void sigtermFinishesInFlightBatchesLosesNothingAndExits143(String mode) throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = EventGenerator.generate(MESSAGES, 0, 7);
        infra.send(events);

        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", mode);
        env.put("ETL_RECEIVE_CONCURRENCY", "1"); // slow enough that SIGTERM lands mid-backlog
        Path log = Path.of("target/it-logs/graceful-shutdown-" + mode + ".log");
        Process app = PackagedApp.start(env, log);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows(infra) >= 500);

        app.destroy(); // SIGTERM
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();

        String output = Files.readString(log);
        // 143 = 128 + SIGTERM, in both modes: what a Job's podFailurePolicy tells apart from a failure (1).
        assertThat(app.exitValue()).as(output).isEqualTo(143);
        assertThat(output).doesNotContain("Pipeline drained").doesNotContain("] (main) drained:");
        assertThat(output).contains("Pipeline stopped: ");
        long rows = rows(infra);
        long queued = infra.queued();
        assertThat(rows).isLessThan(MESSAGES);
        assertThat(rows + queued).as("rows + messages still queued").isEqualTo(MESSAGES);
        try (Connection c = infra.db(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(DISTINCT message_id) FROM user_logins")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rows);
        }
    }

    private static long rows(TestInfra infra) throws Exception {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM user_logins")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }
}
