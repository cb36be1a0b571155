package io.loginetl.support;

import java.sql.SQLException;

/**
 * Turns an exception into a one-line, PII-free description for logs.
 * Exception messages of the SQS client and the PostgreSQL driver name endpoints, SQL states and
 * error codes, never message bodies (we send bodies only as bound parameters and request payloads),
 * so the class and message are safe to log; a PostgreSQL "detail" line could echo a row value, so
 * for SQL errors only the SQL state and the primary message are kept.
 */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        if (e instanceof SQLException sql) {
            return "SQLException[" + sql.getSQLState() + "] " + firstLine(sql.getMessage());
        }
        return e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
