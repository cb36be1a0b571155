package io.loginetl.recovery;

import io.agroal.api.AgroalDataSource;
import io.loginetl.masking.MaskingKeys;
import io.loginetl.recovery.AuditTrail.Action;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A data subject's erasure, by user id. Each of the subject's rows becomes an anonymous tombstone:
 * user id, both fingerprints, both sealed originals, the seal batch and the key id are cleared and
 * {@code erased_at} is set, while message_id and the non-identifying columns (device type, locale,
 * app version, date) stay. Why not delete the rows: a redelivery of one of the subject's messages
 * (SQS keeps messages up to 14 days, a dead-letter redrive replays them) would find no row with its
 * message id and store the subject's data again; the tombstone makes it a duplicate, as before.
 * Counts per day, device type and version stay true; nothing left opens, matches a look-up or names
 * the subject. The audit record holds the user id's fingerprint under the current key, so "was
 * this subject erased?" can be answered later without keeping the id.
 */
@Singleton
public class Erase {

    private static final String UPDATE = """
            UPDATE user_logins SET user_id = NULL, masked_ip = NULL, masked_device_id = NULL, sealed_ip = NULL,
                sealed_device_id = NULL, seal_batch_id = NULL, mask_key_id = NULL, erased_at = now()
            WHERE user_id = ?""";

    /** What an erasure did: how many rows, and the fingerprint the audit trail records for the subject. */
    public record Erased(int rows, String subjectFingerprint) {
    }

    private final AgroalDataSource dataSource;
    private final MaskingKeys keys;

    public Erase(AgroalDataSource dataSource, MaskingKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    public Erased erase(String userId, AuditTrail.Request request) throws SQLException {
        String fingerprint = keys.current().mask(userId);
        return Transactions.inOne(dataSource, c -> {
            int rows;
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                update.setString(1, userId);
                rows = update.executeUpdate();
            }
            AuditTrail.record(c, Action.ERASE, request, rows, null, fingerprint);
            return new Erased(rows, fingerprint);
        });
    }
}
