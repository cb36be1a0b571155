package io.loginetl.startup;

import io.agroal.api.AgroalDataSource;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several instances starting together on one database, against the real PostgreSQL with the
 * project's own migrations and the application's Flyway settings (baseline-on-migrate at 0).
 * Without the lock, the fresh-database case fails with Flyway's "Unable to baseline schema history
 * table ... as it already exists, and is empty" in most rounds.
 */
@QuarkusTest
class MigrationLockTest {

    private static final int INSTANCES = 4;
    private static final int ROUNDS = 3;
    private static final Duration POLL = Duration.ofMillis(20);

    @Inject
    AgroalDataSource pool;

    @ParameterizedTest(name = "the exercise's table already there: {0}")
    @ValueSource(booleans = {false, true})
    void instancesMigratingTogetherEachSucceedAndTheHistoryIsWrittenOnce(boolean existingTable) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TestInfra infra = TestInfra.create();
            try {
                if (existingTable) {
                    infra.createExerciseTable("varchar(32)");
                }
                migrateTogether(infra);
                // A baseline (version 0) only where the schema was not empty; then every migration, once.
                assertThat(history(infra)).containsExactly(existingTable
                        ? new String[]{"0", "1", "2", "3", "4"} : new String[]{"1", "2", "3", "4"});
            } finally {
                infra.delete();
            }
        }
    }

    /** The production session: the pool's URL, driver properties and login, but a backend the pool does not own. */
    @Test
    void theLocksSessionLogsInLikeThePoolAndEndsWithItsClose() throws Exception {
        int pid;
        try (Connection session = MigrationLock.beside(pool).open()) {
            assertThat(scalar(session, "SELECT current_user || ' ' || current_setting('application_name')"))
                    .isEqualTo("postgres login-etl");
            pid = Integer.parseInt(scalar(session, "SELECT pg_backend_pid()::text"));
        }
        try (Connection c = pool.getConnection()) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    scalar(c, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid).equals("0"));
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (var r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void aLockHeldElsewhereEndsTheWaitWithAFailureNamingIt() throws Exception {
        TestInfra infra = TestInfra.create();
        try (Connection other = infra.db()) {
            other.createStatement().execute("SELECT pg_advisory_lock(" + MigrationLock.KEY + ")");
            boolean[] ran = {false};
            int[] polls = {0};

            assertThatThrownBy(() -> lock(infra).holding(() -> ran[0] = true, () -> ++polls[0] < 3))
                    .isInstanceOf(StartupFailure.class)
                    .hasMessageContaining("migration lock")
                    .hasMessageContaining("objid " + (MigrationLock.KEY & 0xffffffffL));
            assertThat(ran[0]).isFalse();
            assertThat(polls[0]).isEqualTo(3);
        } finally {
            infra.delete();
        }
    }

    @Test
    void aFailedMigrationGivesTheLockBack() throws Exception {
        TestInfra infra = TestInfra.create();
        try {
            MigrationLock lock = lock(infra);
            assertThatThrownBy(() -> lock.holding(() -> {
                throw new IllegalStateException("checksum mismatch");
            }, () -> false)).hasMessage("checksum mismatch");

            boolean[] ran = {false};
            lock.holding(() -> ran[0] = true, () -> false); // would throw if the lock were still taken
            assertThat(ran[0]).isTrue();
        } finally {
            infra.delete();
        }
    }

    private static void migrateTogether(TestInfra infra) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<CompletableFuture<Void>> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Flyway flyway = Flyway.configure().dataSource(infra.jdbcUrl(), "postgres", "postgres")
                        .baselineOnMigrate(true).baselineVersion("0").load();
                MigrationLock lock = lock(infra);
                instances.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        lock.holding(flyway::migrate, () -> true);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(instances.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static MigrationLock lock(TestInfra infra) {
        return new MigrationLock(infra::db, POLL);
    }

    private static List<String> history(TestInfra infra) throws SQLException {
        return infra.column("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank");
    }
}
