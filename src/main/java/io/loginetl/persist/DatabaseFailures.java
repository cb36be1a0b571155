package io.loginetl.persist;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts database failures into the kinds the pipeline treats differently.
 * <ul>
 * <li>a <b>row problem</b> (SQL state classes 22, data exception, and 23, integrity constraint
 *     violation): caused by one row, which is rejected alone;</li>
 * <li>a <b>permanent</b> problem of the database or its configuration that retrying cannot fix
 *     until someone acts (a missing table, a revoked grant, a read-only server, a wrong password):
 *     still retried, since the fix needs no restart, but readiness reports it and the log says what
 *     to fix;</li>
 * <li>everything else (connection loss, a server restarting, a full disk): transient, retried.</li>
 * </ul>
 */
public final class DatabaseFailures {

    /** SQL state → what an operator should do. The texts name settings and objects, never data. */
    private static final Map<String, String> PERMANENT = Map.ofEntries(
            Map.entry("42P01", "a table is missing: run the migrations (ETL_MODE=migrate, or QUARKUS_FLYWAY_MIGRATE_AT_START=true)"),
            Map.entry("42703", "a column is missing: run the migrations (ETL_MODE=migrate, or QUARKUS_FLYWAY_MIGRATE_AT_START=true)"),
            Map.entry("42501", "permission denied: QUARKUS_DATASOURCE_USERNAME needs SELECT, INSERT and UPDATE on login-etl's"
                    + " tables (the error names the table; docs/deploy.md lists the grants), and CREATE on the schema to migrate"),
            Map.entry("25006", "the database is read-only (a standby, or default_transaction_read_only=on): point"
                    + " QUARKUS_DATASOURCE_JDBC_URL at the primary, or turn default_transaction_read_only off"),
            Map.entry("28P01", "authentication failed: check QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD"),
            Map.entry("28000", "the server refused this login (pg_hba.conf, or TLS required): check QUARKUS_DATASOURCE_USERNAME"
                    + " and the sslmode in QUARKUS_DATASOURCE_JDBC_URL"),
            Map.entry("3D000", "the database does not exist: check the database name in QUARKUS_DATASOURCE_JDBC_URL"),
            Map.entry("08004", "the server rejected the connection (no TLS while sslmode requires it?): check"
                    + " QUARKUS_DATASOURCE_JDBC_URL"));
    private static final String TLS_FAILED = "TLS handshake failed: check sslrootcert (the server's CA) and the host name"
            + " in QUARKUS_DATASOURCE_JDBC_URL";

    private DatabaseFailures() {
    }

    /** Only the exception itself: the committer reads the SQL state of exactly this SQLException. */
    public static boolean isRowProblem(Throwable e) {
        String state = e instanceof SQLException sql ? sql.getSQLState() : null;
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    public static boolean isRetryable(Exception e) {
        return !isRowProblem(e);
    }

    /**
     * What to fix, with the SQL state, when retrying cannot help until someone acts; empty for a
     * transient failure or a row problem.
     */
    public static Optional<String> permanentProblem(Throwable e) {
        if (hasCause(e, SSLException.class)) {
            return Optional.of("SQLSTATE " + sqlState(e) + ", " + TLS_FAILED);
        }
        String state = sqlState(e);
        String fix = state == null ? null : PERMANENT.get(state);
        return fix == null ? Optional.empty() : Optional.of("SQLSTATE " + state + ", " + fix);
    }

    /**
     * Whether the database could not be reached at all (refused, reset, timed out, starting up, out
     * of connections): worth waiting for at start-up. A TLS failure is not: it is a setting.
     */
    public static boolean isUnreachable(Throwable e) {
        if (hasCause(e, SSLException.class)) {
            return false;
        }
        if (hasCause(e, IOException.class)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // No state: the pool's own acquisition timeout; 08: connection; 57P0x: shutting down or starting; 53: resources.
                if (state == null || (state.startsWith("08") && !state.equals("08004")) || state.startsWith("57P")
                        || state.startsWith("53")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The SQL state of the first SQLException in the cause chain (pools and Flyway wrap them). */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
