package io.loginetl.recovery;

import io.agroal.api.AgroalDataSource;
import io.loginetl.recovery.AuditTrail.Action;
import io.loginetl.sealing.Column;
import io.loginetl.sealing.Opener;
import jakarta.inject.Singleton;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Opens the sealed originals of chosen rows. The rows are read, opened and audited in one
 * transaction: if the audit record cannot be written, nothing is returned.
 */
@Singleton
public class Reveal {

    private static final String SELECT = """
            SELECT l.message_id, l.seal_batch_id, b.sealed_key, l.sealed_ip, l.sealed_device_id, l.erased_at
            FROM user_logins l LEFT JOIN etl_seal_batches b ON b.id = l.seal_batch_id
            WHERE %s ORDER BY l.message_id""";

    /** Which rows: by message id, or every row carrying a masked value. */
    public sealed interface Selection {
        record MessageIds(List<String> ids) implements Selection {
        }

        record MaskedIp(String mask) implements Selection {
        }

        record MaskedDeviceId(String mask) implements Selection {
        }
    }

    private final AgroalDataSource dataSource;

    public Reveal(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Revealed> reveal(Selection selection, Opener opener, AuditTrail.Request request) throws SQLException {
        return Transactions.inOne(dataSource, c -> {
            List<Revealed> rows = read(c, selection, opener);
            AuditTrail.record(c, Action.REVEAL, request, rows.size(), rows.stream().map(Revealed::messageId).toList(), null);
            return rows;
        });
    }

    private static List<Revealed> read(Connection c, Selection selection, Opener opener) throws SQLException {
        String where;
        Object parameter;
        if (selection instanceof Selection.MessageIds ids) {
            where = "l.message_id = ANY(?)";
            parameter = ids.ids().toArray(String[]::new);
        } else if (selection instanceof Selection.MaskedIp ip) {
            where = "l.masked_ip = ?";
            parameter = ip.mask();
        } else {
            where = "l.masked_device_id = ?";
            parameter = ((Selection.MaskedDeviceId) selection).mask();
        }
        List<Revealed> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(SELECT.formatted(where))) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(open(rs, opener));
                }
            }
        }
        return rows;
    }

    private static Revealed open(ResultSet rs, Opener opener) throws SQLException {
        String id = rs.getString(1);
        if (rs.getTimestamp(6) != null) {
            return new Revealed(id, null, null, "erased");
        }
        byte[] sealedIp = rs.getBytes(4), sealedDevice = rs.getBytes(5), key = rs.getBytes(3);
        if (sealedIp == null || key == null) {
            return new Revealed(id, null, null, "not sealed (stored before sealing was configured)");
        }
        UUID batch = rs.getObject(2, UUID.class);
        try {
            return new Revealed(id, opener.open(batch, key, Column.IP, id, sealedIp),
                    opener.open(batch, key, Column.DEVICE_ID, id, sealedDevice), null);
        } catch (GeneralSecurityException e) {
            return new Revealed(id, null, null, "does not open: sealed under a key this private keyset lacks, or altered");
        }
    }
}
