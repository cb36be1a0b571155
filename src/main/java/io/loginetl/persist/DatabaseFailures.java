package io.loginetl.persist;

import java.sql.SQLException;

/**
 * Sorts database failures into the two kinds the pipeline treats differently.
 * Only SQL state classes 22 (data exception) and 23 (integrity constraint violation) are caused by
 * a row; everything else — connection loss, a missing table, permissions, a full disk — is a
 * problem of the database or its configuration and is retried, never turned into a rejection.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isRowProblem(Throwable e) {
        String state = e instanceof SQLException sql ? sql.getSQLState() : null;
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    public static boolean isRetryable(Exception e) {
        return !isRowProblem(e);
    }
}
