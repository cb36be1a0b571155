package io.loginetl.startup;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.AgroalSecurityProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
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
 * the wait between polls. It lives on a connection of its own, outside the pool: Flyway takes two
 * from the pool, which may be no larger; and it goes with that session if the process dies.
 */
final class MigrationLock {

    /** The same in every instance: "loginetl" in ASCII. pg_locks shows its low half as the objid. */
    static final long KEY = 0x6c6f67696e65746cL;

    /** Opens the lock's session. */
    @FunctionalInterface
    interface Session {
        Connection open() throws SQLException;
    }

    private final Session session;
    private final Duration poll;

    MigrationLock(Session session, Duration poll) {
        this.session = session;
        this.poll = poll;
    }

    /** Sessions like the pool's (URL, driver properties, login through the pool's security providers), not from it. */
    static Session beside(AgroalDataSource pool) {
        return () -> {
            AgroalConnectionFactoryConfiguration factory =
                    pool.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration();
            Properties properties = new Properties();
            properties.putAll(factory.jdbcProperties());
            login(factory, factory.principal(), properties);
            for (Object credential : factory.credentials()) {
                login(factory, credential, properties);
            }
            // The pool reached the server with this URL a moment ago, so the driver accepts it (null means it does not).
            return Objects.requireNonNull(new org.postgresql.Driver().connect(factory.jdbcUrl(), properties),
                    "not a PostgreSQL JDBC URL");
        };
    }

    private static void login(AgroalConnectionFactoryConfiguration factory, Object securityObject, Properties into) {
        if (securityObject == null) {
            return;
        }
        for (AgroalSecurityProvider provider : factory.securityProviders()) {
            Properties login = provider.getSecurityProperties(securityObject);
            if (login != null) {
                into.putAll(login);
                return;
            }
        }
    }

    /**
     * Runs {@code migration} holding the lock. While another instance holds it, waits as long as
     * {@code keepWaiting} says; then fails with a {@link StartupFailure} naming the lock.
     */
    void holding(Runnable migration, BooleanSupplier keepWaiting) throws SQLException, InterruptedException {
        try (Connection c = session.open()) {
            while (!tryLock(c)) {
                if (!keepWaiting.getAsBoolean()) {
                    throw new StartupFailure("another instance kept the migration lock (pg_locks: locktype advisory,"
                            + " objid " + (KEY & 0xffffffffL) + ") for longer than ETL_STARTUP_DATABASE_TIMEOUT; if no instance is"
                            + " migrating, end the session holding it (pg_terminate_backend)");
                }
                Thread.sleep(poll.toMillis());
            }
            migration.run(); // closing the session, even on failure, releases the lock
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, KEY);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }
}
