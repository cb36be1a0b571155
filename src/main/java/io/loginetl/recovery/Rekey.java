package io.loginetl.recovery;

import io.agroal.api.AgroalDataSource;
import io.loginetl.masking.Masker;
import io.loginetl.masking.MaskingKeys;
import io.loginetl.persist.SealBatchRows;
import io.loginetl.recovery.AuditTrail.Action;
import io.loginetl.sealing.Column;
import io.loginetl.sealing.Opener;
import io.loginetl.sealing.SealBatch;
import io.loginetl.sealing.Sealer;
import jakarta.inject.Singleton;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * After a rotation: every row whose fingerprints come from another key, or whose originals were
 * sealed under another sealing key, is opened, fingerprinted under the current masking key and
 * sealed again under the current public keyset. One transaction per batch (rows locked with
 * {@code SKIP LOCKED}, a fresh seal batch, an audit record), walking the message ids upwards.
 * <ul>
 * <li>Resumable and idempotent: which rows still need work is read from the rows themselves, so a
 *     run killed at any point leaves committed batches done and the rest as they were, and a rerun
 *     finds only the rest.</li>
 * <li>Safe beside a running pipeline: the pipeline only inserts, with the current keys once it is
 *     configured with them (so it never makes new work for rekey), and a redelivery's insert waits for
 *     at most one batch's lock.</li>
 * </ul>
 */
@Singleton
public class Rekey {

    private static final String SELECT = """
            SELECT l.message_id, l.seal_batch_id, b.sealed_key, l.sealed_ip, l.sealed_device_id
            FROM user_logins l JOIN etl_seal_batches b ON b.id = l.seal_batch_id
            WHERE l.message_id > ? AND l.erased_at IS NULL AND l.sealed_ip IS NOT NULL
              AND (l.mask_key_id IS DISTINCT FROM ? OR b.keyset_key_id <> ?)
            ORDER BY l.message_id LIMIT ?
            FOR UPDATE OF l SKIP LOCKED""";

    private static final String UPDATE = """
            UPDATE user_logins l SET masked_ip = u.ip, masked_device_id = u.device, sealed_ip = u.sealed_ip,
                sealed_device_id = u.sealed_device, mask_key_id = ?, seal_batch_id = ?
            FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[]) AS u(id, ip, device, sealed_ip, sealed_device)
            WHERE l.message_id = u.id""";

    private static final String UNSEALED = """
            SELECT count(*) FROM user_logins
            WHERE erased_at IS NULL AND sealed_ip IS NULL AND mask_key_id IS DISTINCT FROM ?""";

    /** How a run ended: rows re-keyed, rows that did not open, and rows left under an old key with nothing sealed to re-key from. */
    public record Summary(long rekeyed, long batches, long unopenable, long unsealed) {
    }

    /** One committed batch, for the progress line. */
    public record Progress(long rekeyed, long batches) {
    }

    private final AgroalDataSource dataSource;
    private final MaskingKeys keys;

    public Rekey(AgroalDataSource dataSource, MaskingKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    public Summary run(Opener opener, Sealer sealer, int batchSize, long pauseMillis, AuditTrail.Request request,
                       Consumer<Progress> progress) throws SQLException, InterruptedException {
        Masker current = keys.current();
        String cursor = "";
        long rekeyed = 0, batches = 0, unopenable = 0;
        while (true) {
            Batch batch = oneBatch(cursor, current, opener, sealer, batchSize, request);
            if (batch.seen() == 0) {
                break;
            }
            cursor = batch.last();
            rekeyed += batch.rekeyed();
            unopenable += batch.seen() - batch.rekeyed();
            if (batch.rekeyed() > 0) {
                batches++;
                progress.accept(new Progress(rekeyed, batches));
            }
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        return new Summary(rekeyed, batches, unopenable, unsealed(current));
    }

    private record Batch(int seen, int rekeyed, String last) {
    }

    private Batch oneBatch(String cursor, Masker current, Opener opener, Sealer sealer, int batchSize,
                           AuditTrail.Request request) throws SQLException {
        return Transactions.inOne(dataSource, c -> {
            SealBatch seal = sealer.newBatch();
            List<String> ids = new ArrayList<>();
            List<String> ips = new ArrayList<>(), devices = new ArrayList<>();
            List<byte[]> sealedIps = new ArrayList<>(), sealedDevices = new ArrayList<>();
            int seen = 0;
            String last = cursor;
            try (PreparedStatement select = c.prepareStatement(SELECT)) {
                select.setString(1, cursor);
                select.setString(2, current.keyId());
                select.setLong(3, sealer.keysetKeyId());
                select.setInt(4, batchSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        last = rs.getString(1);
                        String id = last;
                        UUID batch = rs.getObject(2, UUID.class);
                        String ip, device;
                        try {
                            ip = opener.open(batch, rs.getBytes(3), Column.IP, id, rs.getBytes(4));
                            device = opener.open(batch, rs.getBytes(3), Column.DEVICE_ID, id, rs.getBytes(5));
                        } catch (GeneralSecurityException e) {
                            continue; // counted as unopenable; the row stays as it is
                        }
                        ids.add(id);
                        ips.add(current.mask(ip));
                        devices.add(current.mask(device));
                        sealedIps.add(seal.seal(Column.IP, id, ip));
                        sealedDevices.add(seal.seal(Column.DEVICE_ID, id, device));
                    }
                }
            }
            if (!ids.isEmpty()) {
                update(c, seal, current, ids, ips, devices, sealedIps, sealedDevices);
                AuditTrail.record(c, Action.REKEY, request, ids.size(), null, null);
            }
            return new Batch(seen, ids.size(), last);
        });
    }

    private static void update(Connection c, SealBatch seal, Masker current, List<String> ids, List<String> ips,
                               List<String> devices, List<byte[]> sealedIps, List<byte[]> sealedDevices) throws SQLException {
        SealBatchRows.insert(c, seal);
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
            update.setString(1, current.keyId());
            update.setObject(2, seal.id());
            update.setObject(3, ids.toArray(String[]::new));
            update.setObject(4, ips.toArray(String[]::new));
            update.setObject(5, devices.toArray(String[]::new));
            update.setObject(6, sealedIps.toArray(byte[][]::new));
            update.setObject(7, sealedDevices.toArray(byte[][]::new));
            update.executeUpdate();
        }
    }

    private long unsealed(Masker current) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement count = c.prepareStatement(UNSEALED)) {
            count.setString(1, current.keyId());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
