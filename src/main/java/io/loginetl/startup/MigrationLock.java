package io.loginetl.startup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Lets one instance at a time migrate. Flyway locks its history table only once the table exists;
 * with baseline-on-migrate (needed because users may already have {@code user_logins}), two
 * instances starting together on a fresh database race: one creates the empty history table, the
 * other then sees a non-empty schema with an empty history table and fails with "Unable to baseline
 * schema history table ... as it already exists, and is empty". A PostgreSQL session advisory lock
 * held around the whole migration closes that window: the second instance waits, then finds the
 * history written and has nothing to do.
 * <p>
 * The lock is polled rather than waited for in the server, so SIGTERM and the start-up bound end
 * the wait between polls; it lives on its own connection and goes with it if the process dies.
 */
final class MigrationLock {

    /** The same in every instance: "loginetl" in ASCII. pg_locks shows its low half as the objid. */
    static final long KEY = 0x6c6f67696e65746cL;
    private static final String LOCK = "SELECT pg_try_advisory_lock(?)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";

    private final DataSource dataSource;
    private final Duration poll;

    MigrationLock(DataSource dataSource, Duration poll) {
        this.dataSource = dataSource;
        this.poll = poll;
    }

    /**
     * Runs {@code migration} holding the lock. While another instance holds it, waits as long as
     * {@code keepWaiting} says; then fails with a {@link StartupFailure} naming the lock.
     */
    void holding(Runnable migration, BooleanSupplier keepWaiting) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            while (!call(c, LOCK)) {
                if (!keepWaiting.getAsBoolean()) {
                    throw new StartupFailure("another instance kept the migration lock (pg_locks: locktype advisory,"
                            + " objid " + (KEY & 0xffffffffL) + ") for longer than ETL_STARTUP_DATABASE_TIMEOUT; if no instance is"
                            + " migrating, end the session holding it (pg_terminate_backend)");
                }
                Thread.sleep(poll.toMillis());
            }
            try {
                migration.run();
            } catch (RuntimeException e) {
                unlockAfter(c, e);
                throw e;
            }
            // A pooled connection outlives close(): the lock must be given back explicitly.
            call(c, UNLOCK);
        }
    }

    private static void unlockAfter(Connection c, RuntimeException failure) {
        try {
            call(c, UNLOCK);
        } catch (SQLException e) {
            failure.addSuppressed(e); // the session is likely gone, and the lock with it
        }
    }

    private static boolean call(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, KEY);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }
}
