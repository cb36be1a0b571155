package io.loginetl.persist;

import io.agroal.api.AgroalDataSource;
import io.loginetl.masking.Masker;
import io.loginetl.sealing.Column;
import io.loginetl.sealing.SealBatch;
import io.loginetl.sealing.Sealer;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes batches to PostgreSQL. Each column travels as one array parameter and {@code unnest}
 * turns them back into rows, so a batch of any size is one statement and one round trip. Plain
 * Java arrays ({@code String[]}, {@code Integer[]}, {@code int[]}) go in pgjdbc's binary array
 * format (length-prefixed elements); {@code createArrayOf} would build, and the server parse,
 * quoted and escaped text.
 * {@code ON CONFLICT (message_id) DO NOTHING} makes a redelivered message a no-op, also when one
 * message id occurs twice in the same batch, and the update count tells how many rows were new.
 * Only when that count says some were not (a redelivery, rare) is the insert rolled back and run
 * again naming the new ids, so the common batch builds no id set.
 */
@Singleton
public class LoginWriter implements BatchStore {

    /**
     * The batch's fingerprint key id and seal batch id are one scalar each; with sealing off the two
     * sealed arrays are null, which {@code unnest} pads with nulls like any shorter array.
     */
    static final String INSERT_LOGINS = """
            INSERT INTO user_logins
                (message_id, user_id, device_type, masked_ip, masked_device_id, locale, app_version, create_date,
                 sealed_ip, sealed_device_id, mask_key_id, seal_batch_id)
            SELECT r.*, ?::varchar, ?::uuid
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                        ?::varchar[], ?::int4[], ?::date[], ?::bytea[], ?::bytea[]) AS r
            ON CONFLICT (message_id) DO NOTHING""";

    /** The same insert, naming the new rows: run only when the plain one reported redeliveries. */
    static final String INSERT_LOGINS_RETURNING = INSERT_LOGINS + " RETURNING message_id";

    static final String UPSERT_REJECTIONS = """
            INSERT INTO etl_rejections (message_id, reason, receive_count, first_rejected_at, last_rejected_at)
            SELECT m, r, c, now(), now() FROM unnest(?::varchar[], ?::varchar[], ?::int4[]) AS t(m, r, c)
            ON CONFLICT (message_id) DO UPDATE
                SET reason = EXCLUDED.reason, receive_count = EXCLUDED.receive_count, last_rejected_at = now()""";

    private final AgroalDataSource dataSource;
    private final Sealer sealer;
    private final String maskKeyId;

    public LoginWriter(AgroalDataSource dataSource, Sealer sealer, Masker masker) {
        this.dataSource = dataSource;
        this.sealer = sealer;
        this.maskKeyId = masker.keyId();
    }

    /** Rejection message ids must be unique within the call: PostgreSQL refuses to upsert one row twice in a statement. */
    @Override
    public Written write(List<LoginRow> rows, List<RejectionRecord> rejections) throws SQLException {
        // Sealed before the connection is taken: the transaction stays as short as it was.
        SealBatch seal = rows.isEmpty() || !sealer.enabled() ? null : sealer.newBatch();
        Object[] columns = rows.isEmpty() ? null : columns(rows, seal);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (seal != null) {
                    SealBatchRows.insert(connection, seal);
                }
                Written written = rows.isEmpty() ? Written.allNew(0) : insertLogins(connection, rows.size(), columns, seal);
                if (!rejections.isEmpty()) {
                    upsertRejections(connection, rejections);
                }
                connection.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    private static Written insertLogins(Connection connection, int rows, Object[] columns, SealBatch seal)
            throws SQLException {
        int stored;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_LOGINS)) {
            bind(insert, columns);
            stored = insert.executeUpdate();
        }
        if (stored == rows) {
            return Written.allNew(stored);
        }
        // The rollback also takes the seal batch back: insert it again, so the rows' seal_batch_id has its key.
        connection.rollback();
        if (seal != null) {
            SealBatchRows.insert(connection, seal);
        }
        Set<String> newIds = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_LOGINS_RETURNING)) {
            bind(insert, columns);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    newIds.add(rs.getString(1));
                }
            }
        }
        return new Written(newIds.size(), newIds);
    }

    private static void bind(PreparedStatement insert, Object[] parameters) throws SQLException {
        insert.setString(1, (String) parameters[0]);
        insert.setObject(2, parameters[1], Types.OTHER);
        for (int i = 2; i < parameters.length; i++) {
            if (parameters[i] == null) {
                insert.setNull(i + 1, Types.ARRAY);
            } else {
                insert.setObject(i + 1, parameters[i]);
            }
        }
    }

    /** The statement's parameters in order: the two scalars, then one array per column. */
    private Object[] columns(List<LoginRow> rows, SealBatch seal) {
        int n = rows.size();
        String[] ids = new String[n], users = new String[n], types = new String[n], ips = new String[n],
                devices = new String[n], locales = new String[n], dates = new String[n];
        Integer[] versions = new Integer[n]; // null: no app_version in the event
        byte[][] sealedIps = seal == null ? null : new byte[n][], sealedDevices = seal == null ? null : new byte[n][];
        LocalDate lastDate = null;
        String lastDateText = null;
        for (int i = 0; i < n; i++) {
            LoginRow r = rows.get(i);
            ids[i] = r.messageId();
            users[i] = r.userId();
            types[i] = r.deviceType();
            ips[i] = r.maskedIp();
            devices[i] = r.maskedDeviceId();
            locales[i] = r.locale();
            versions[i] = r.appVersion();
            if (!r.createDate().equals(lastDate)) { // a batch rarely spans more than one day
                lastDate = r.createDate();
                lastDateText = lastDate.toString();
            }
            dates[i] = lastDateText;
            if (seal != null && r.originals() != null) {
                sealedIps[i] = seal.seal(Column.IP, r.messageId(), r.originals().ip());
                sealedDevices[i] = seal.seal(Column.DEVICE_ID, r.messageId(), r.originals().deviceId());
            }
        }
        return new Object[] {maskKeyId, seal == null ? null : seal.id(),
                ids, users, types, ips, devices, locales, versions, dates, sealedIps, sealedDevices};
    }

    private static void upsertRejections(Connection connection, List<RejectionRecord> rejections) throws SQLException {
        int n = rejections.size();
        String[] ids = new String[n], reasons = new String[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rejections.get(i).messageId();
            reasons[i] = rejections.get(i).reason();
            counts[i] = rejections.get(i).receiveCount();
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_REJECTIONS)) {
            upsert.setObject(1, ids);
            upsert.setObject(2, reasons);
            upsert.setObject(3, counts);
            upsert.executeUpdate();
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
