package io.loginetl.recovery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends to {@code etl_pii_access} on the caller's connection, inside the caller's transaction, so
 * that a read or change of personal data and its record commit together or not at all. What is
 * written: when, who, why, which action, how many rows and which message ids; for an erasure the
 * subject's fingerprint. Never a plaintext value.
 */
public final class AuditTrail {

    static final String INSERT = """
            INSERT INTO etl_pii_access (action, requester, reason, row_count, message_ids, subject_fingerprint)
            VALUES (?, ?, ?, ?, ?, ?)""";

    public enum Action {
        REVEAL, LOOKUP, REKEY, ERASE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Who asks and why; both required by every audited command. */
    public record Request(String requester, String reason) {
    }

    private AuditTrail() {
    }

    public static void record(Connection connection, Action action, Request request, int rows,
                              List<String> messageIds, String subjectFingerprint) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, action.column());
            insert.setString(2, request.requester());
            insert.setString(3, request.reason());
            insert.setInt(4, rows);
            insert.setObject(5, messageIds == null ? null : messageIds.toArray(String[]::new));
            insert.setString(6, subjectFingerprint);
            insert.executeUpdate();
        }
    }
}
