package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What liveness is for, on a real PostgreSQL: a writer that hangs (here on a table another session
 * holds locked against writes) while the database itself answers. The window holds the messages,
 * nothing moves, and {@code /q/health/live} is DOWN once ETL_HEALTH_STALL_TIMEOUT has passed, and
 * stays DOWN although the idle probe keeps connecting successfully. Once the lock goes, the writer
 * finishes, liveness is UP again and every message is stored once.
 */
class StalledWriterIT {

    private static final List<String> EVENTS = SampleEvents.validEvents().stream().limit(20).map(Object::toString).toList();

    @Test
    void aWriterHangingOnALockTurnsLivenessDownUntilItMovesAgain() throws Exception {
        TestInfra infra = TestInfra.create();
        StartupIT.migrate(infra);
        infra.send(EVENTS);
        int httpPort = TestInfra.freePort();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        env.put("ETL_HEALTH_STALL_TIMEOUT", "3s");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Process app = null;
        try {
            try (Connection lock = infra.db(); Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.execute("LOCK TABLE user_logins IN SHARE MODE"); // reads go on, the writer's INSERT waits
                app = PackagedApp.start(env, Path.of("target/it-logs/stalled-writer.log"));
                await().atMost(Duration.ofSeconds(60)).until(() -> live(httpPort) == 503);
                assertThat(AppHttp.body(httpPort, "/q/health/live")).contains("seconds-without-progress");

                // The idle probe connects every 10 s while the writer's call has not finished: that is no progress.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (System.nanoTime() < until) {
                    assertThat(live(httpPort)).as("still DOWN while the writer hangs").isEqualTo(503);
                    Thread.sleep(250);
                }
                assertThat(AppHttp.ready(httpPort)).as("the database answers: ready, only not live").isEqualTo(200);
                assertThat(EndState.rows(infra)).isZero();
                lock.rollback();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> EndState.rows(infra) == EVENTS.size() && infra.queued() == 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> live(httpPort) == 200);
        } finally {
            if (app != null) {
                app.destroy();
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static int live(int port) {
        return AppHttp.status(port, "/q/health/live");
    }
}
