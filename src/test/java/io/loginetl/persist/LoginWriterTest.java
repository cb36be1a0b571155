package io.loginetl.persist;

import io.agroal.api.AgroalDataSource;
import io.loginetl.TestDb;
import io.loginetl.masking.Masker;
import io.loginetl.sealing.Column;
import io.loginetl.sealing.Opener;
import io.loginetl.sealing.Sealer;
import io.loginetl.sealing.SealingKeysets;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch insert against the real PostgreSQL: what counts as new is what the unique message id
 * lets in, inside one batch as well as across batches (the writer relies on both).
 */
@QuarkusTest
class LoginWriterTest {

    @Inject
    LoginWriter writer;
    @Inject
    DataSource db;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Masker masker;

    @Test
    void aMessageIdRepeatedInsideOneBatchIsStoredOnce() throws SQLException {
        String twice = UUID.randomUUID().toString(), once = UUID.randomUUID().toString();

        BatchStore.Written written = writer.write(
                List.of(row(twice, "first"), row(twice, "second"), row(once, "third")), List.of());

        assertThat(written.stored()).isEqualTo(2);
        // In batch order: the first row of the repeated id is the stored one, the second a duplicate.
        assertThat(written.claimNew(twice)).isTrue();
        assertThat(written.claimNew(twice)).isFalse();
        assertThat(written.claimNew(once)).isTrue();
        assertThat(userIds(twice)).containsExactly("first");
        assertThat(userIds(once)).containsExactly("third");
    }

    @Test
    void aRowAlreadyStoredIsNotNewAgain() throws SQLException {
        String id = UUID.randomUUID().toString();
        assertThat(writer.write(List.of(row(id, "original")), List.of()).stored()).isEqualTo(1);
        String fresh = UUID.randomUUID().toString();

        BatchStore.Written again = writer.write(List.of(row(id, "redelivered"), row(fresh, "new")), List.of());
        assertThat(again.stored()).isEqualTo(1);
        assertThat(again.claimNew(id)).isFalse();
        assertThat(again.claimNew(fresh)).isTrue();
        assertThat(userIds(id)).containsExactly("original");
        assertThat(userIds(fresh)).containsExactly("new");
    }

    @Test
    void aRejectionSeenAgainKeepsOneRecordWithTheLatestCount() throws SQLException {
        String id = UUID.randomUUID().toString();
        writer.write(List.of(), List.of(new RejectionRecord(id, "not_json", 1)));

        writer.write(List.of(), List.of(new RejectionRecord(id, "not_json", 3)));

        assertThat(TestDb.column(db, "SELECT reason || ':' || receive_count FROM etl_rejections WHERE message_id = ?", id))
                .containsExactly("not_json:3");
    }

    @Test
    void everyColumnArrivesAsGivenIncludingNullsAndCharactersArraysWouldQuote() throws SQLException {
        String plain = UUID.randomUUID().toString(), awkward = UUID.randomUUID().toString();
        String userId = "q\"b\\c{d},e ü NULL";

        writer.write(List.of(
                new LoginRow(plain, "u1", "ios", "ip-mask", "device-mask", "RU", 3_007_000, LocalDate.of(2026, 11, 30)),
                new LoginRow(awkward, userId, "android", "ip2", "dev2", null, null, LocalDate.of(2026, 12, 1))), List.of());

        String columns = "SELECT concat_ws('|', user_id, device_type, masked_ip, masked_device_id,"
                + " coalesce(locale, '<null>'), coalesce(app_version::text, '<null>'), create_date)"
                + " FROM user_logins WHERE message_id = ?";
        assertThat(TestDb.column(db, columns, plain)).containsExactly("u1|ios|ip-mask|device-mask|RU|3007000|2026-11-30");
        assertThat(TestDb.column(db, columns, awkward))
                .containsExactly(userId + "|android|ip2|dev2|<null>|<null>|2026-12-01");
    }

    @Test
    void eachRowCarriesItsFingerprintKeyIdAndOriginalsThatOnlyThePrivateKeysetOpens() throws Exception {
        String id = UUID.randomUUID().toString();
        writer.write(List.of(new LoginRow(id, "u", "ios", "m-ip", "m-dev", null, 1, LocalDate.of(2026, 12, 1),
                new LoginRow.Originals("2001:db8::1", "dev-42"))), List.of());

        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT l.mask_key_id, l.seal_batch_id, b.sealed_key, l.sealed_ip, l.sealed_device_id"
                        + " FROM user_logins l JOIN etl_seal_batches b ON b.id = l.seal_batch_id WHERE l.message_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a row with its seal batch").isTrue();
                assertThat(rs.getString(1)).isEqualTo(masker.keyId());
                UUID batch = rs.getObject(2, UUID.class);
                Opener opener = new Opener(SealingKeysets.readPrivate(TestInfra.DEV_PRIVATE_KEYSET, "dev"));
                assertThat(opener.open(batch, rs.getBytes(3), Column.IP, id, rs.getBytes(4))).isEqualTo("2001:db8::1");
                assertThat(opener.open(batch, rs.getBytes(3), Column.DEVICE_ID, id, rs.getBytes(5))).isEqualTo("dev-42");
                assertThat(new String(rs.getBytes(4), StandardCharsets.ISO_8859_1)).doesNotContain("2001:db8::1");
            }
        }
    }

    @Test
    void aRedeliveryInTheBatchKeepsTheSealBatchOfTheRowsItStores() throws Exception {
        String stored = UUID.randomUUID().toString(), fresh = UUID.randomUUID().toString();
        writer.write(List.of(row(stored, "first")), List.of());

        // stored is a redelivery: the writer rolls back and inserts again, naming the new rows
        writer.write(List.of(sealedRow(stored), sealedRow(fresh)), List.of());

        assertThat(TestDb.column(db, "SELECT count(*) FROM user_logins l JOIN etl_seal_batches b ON b.id = l.seal_batch_id"
                + " WHERE l.message_id = ?", fresh)).containsExactly("1");
    }

    @Test
    void withoutAPublicKeysetRowsAreStoredMaskedOnly() throws Exception {
        LoginWriter unsealed = new LoginWriter(dataSource, new Sealer(Optional.empty()), masker);
        String id = UUID.randomUUID().toString();

        unsealed.write(List.of(sealedRow(id)), List.of());

        assertThat(TestDb.column(db, "SELECT concat_ws('|', mask_key_id, coalesce(seal_batch_id::text, '<null>'),"
                + " coalesce(sealed_ip::text, '<null>'), coalesce(sealed_device_id::text, '<null>'), masked_ip)"
                + " FROM user_logins WHERE message_id = ?", id))
                .containsExactly(masker.keyId() + "|<null>|<null>|<null>|" + "a".repeat(64));
    }

    private static LoginRow sealedRow(String messageId) {
        return new LoginRow(messageId, "u", "android", "a".repeat(64), "b".repeat(64), null, 1, LocalDate.of(2026, 12, 1),
                new LoginRow.Originals("1.2.3.4", "d"));
    }

    private static LoginRow row(String messageId, String userId) {
        return new LoginRow(messageId, userId, "android", "a".repeat(64), "b".repeat(64), null, 2_003_000,
                LocalDate.of(2026, 12, 1));
    }

    private List<String> userIds(String messageId) throws SQLException {
        return TestDb.column(db, "SELECT user_id FROM user_logins WHERE message_id = ?", messageId);
    }
}
