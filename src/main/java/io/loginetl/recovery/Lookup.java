package io.loginetl.recovery;

import io.agroal.api.AgroalDataSource;
import io.loginetl.masking.MaskingKeys;
import io.loginetl.recovery.AuditTrail.Action;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rows hold a raw ip or device id (a data-subject request): the canonical value is masked under
 * every valid fingerprint key, so rows not yet re-keyed are found too. The value itself is neither
 * stored nor logged; the audit record names the rows found.
 */
@Singleton
public class Lookup {

    public enum Field {
        IP("masked_ip"), DEVICE_ID("masked_device_id");

        private final String column;

        Field(String column) {
            this.column = column;
        }
    }

    /** A row holding the value. */
    public record Found(String messageId, String userId, String maskKeyId) {
    }

    private final AgroalDataSource dataSource;
    private final MaskingKeys keys;

    public Lookup(AgroalDataSource dataSource, MaskingKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    /** Number of fingerprint keys a look-up tries. */
    public int validKeys() {
        return keys.valid().size();
    }

    public List<Found> lookup(Field field, String canonicalValue, AuditTrail.Request request) throws SQLException {
        String[] masks = keys.valid().stream().map(m -> m.mask(canonicalValue)).toArray(String[]::new);
        String sql = "SELECT message_id, user_id, mask_key_id FROM user_logins WHERE " + field.column
                + " = ANY(?) AND erased_at IS NULL ORDER BY message_id";
        return Transactions.inOne(dataSource, c -> {
            List<Found> found = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setObject(1, masks);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Found(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            AuditTrail.record(c, Action.LOOKUP, request, found.size(), found.stream().map(Found::messageId).toList(), null);
            return found;
        });
    }
}
