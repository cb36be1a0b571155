package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.sealing.SealingKeysets;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotation and erasure on the packaged application: after both keys rotate, a rekey killed with
 * SIGKILL halfway and run again leaves every row on the new keys with the masks a fresh run would
 * produce; an erased subject leaves nothing that opens, matches a look-up or names them.
 */
class RekeyAndEraseIT {

    private static final String NEW_KEY = "rotated-login-etl-masking-key-for-tests-only";

    @Test
    void rekeyKilledHalfwayThenRunAgainLeavesEveryRowOnTheNewKeys(@TempDir Path keys) throws Exception {
        TestInfra infra = TestInfra.create();
        Map<String, String> env = drained(infra);
        Path privateKeyset = keys.resolve("private.json"), publicKeyset = keys.resolve("public.json");
        Files.copy(TestInfra.DEV_PRIVATE_KEYSET, privateKeyset);
        PackagedApp.Result rotate = PackagedApp.run(List.of("keygen", "--rotate", "--private", privateKeyset.toString(),
                "--public", publicKeyset.toString()), env, 120);
        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        assertThat(Files.getPosixFilePermissions(privateKeyset))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        env.put("ETL_MASKING_KEY", NEW_KEY);
        env.put("ETL_MASKING_PREVIOUS_KEYS", SampleEvents.DEV_KEY);
        env.put("ETL_SEALING_PUBLIC_KEYSET", publicKeyset.toString());
        env.put("ETL_SEALING_PRIVATE_KEYSET", privateKeyset.toString());
        String oldKeyId = single(infra, "SELECT DISTINCT mask_key_id FROM user_logins");
        int rows = SampleEvents.validEvents().size();

        Process first = PackagedApp.start(List.of("rekey", "--batch-size", "10", "--pause-millis", "300", "--requester", "ops",
                "--reason", "key rotation"), env, Path.of("target/it-logs/rekey-killed.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> count(infra, "SELECT count(*) FROM etl_pii_access WHERE action = 'rekey'") >= 2);
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last batch finished
        long moved = count(infra, "SELECT count(*) FROM user_logins WHERE mask_key_id <> '" + oldKeyId + "'");
        assertThat(moved).as("killed halfway").isBetween(20L, rows - 10L);

        PackagedApp.Result again = PackagedApp.run(List.of("rekey", "--requester", "ops", "--reason", "key rotation"), env, 120);

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("rekeyed: rows=" + (rows - moved) + " ").contains("unopenable=0 unsealed-old-key=0");
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT l.user_id, l.masked_ip, l.masked_device_id, l.mask_key_id, b.keyset_key_id"
                        + " FROM user_logins l JOIN etl_seal_batches b ON b.id = l.seal_batch_id")) {
            int seen = 0;
            while (rs.next()) {
                seen++;
                String[] originals = SealedOriginals.expectedOriginals(rs.getString(1));
                assertThat(rs.getString(2)).isEqualTo(SampleEvents.hmac(NEW_KEY, originals[0]));
                assertThat(rs.getString(3)).isEqualTo(SampleEvents.hmac(NEW_KEY, originals[1]));
                assertThat(rs.getString(4)).isNotEqualTo(oldKeyId).isEqualTo(SampleEvents.hmac(NEW_KEY, "login-etl key id").substring(0, 16));
                assertThat(rs.getLong(5)).isNotEqualTo(devPrimaryKeyId());
            }
            assertThat(seen).isEqualTo(rows);
        }
        PackagedApp.Result rerun = PackagedApp.run(List.of("rekey", "--requester", "ops", "--reason", "idempotence"), env, 120);
        assertThat(rerun.output()).contains("rekeyed: rows=0 ");

        // the re-sealed rows open with the rotated private keyset and no longer with the old one alone
        String someUser = SealedOriginals.messageIdsByUser(infra).keySet().iterator().next();
        String someId = SealedOriginals.messageIdsByUser(infra).get(someUser);
        PackagedApp.Result reveal = PackagedApp.run(List.of("reveal", "--message-id", someId, "--requester", "a", "--reason", "r"), env, 120);
        assertThat(SealedOriginals.jsonLines(reveal.output())).singleElement()
                .satisfies(l -> assertThat(l.get("ip").asText()).isEqualTo(SealedOriginals.expectedOriginals(someUser)[0]));
        env.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());
        PackagedApp.Result oldKeyOnly = PackagedApp.run(List.of("reveal", "--message-id", someId, "--requester", "a", "--reason", "r"), env, 120);
        assertThat(oldKeyOnly.exitCode()).isEqualTo(1);
        assertThat(SealedOriginals.jsonLines(oldKeyOnly.output())).singleElement()
                .satisfies(l -> assertThat(l.get("note").asText()).startsWith("does not open"));
    }

    @Test
    void anErasedSubjectLeavesNothingThatOpensMatchesOrNamesThem() throws Exception {
        TestInfra infra = TestInfra.create();
        Map<String, String> env = drained(infra);
        env.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());
        JsonNode subject = SampleEvents.validEvents().get(1);
        String user = subject.get("user_id").asText();
        String messageId = SealedOriginals.messageIdsByUser(infra).get(user);
        String[] originals = SealedOriginals.expectedOriginals(user);

        PackagedApp.Result erase = PackagedApp.run(List.of("erase", "--user-id", user, "--requester", "dpo", "--reason", "art. 17 request"), env, 120);

        assertThat(erase.exitCode()).as(erase.output()).isZero();
        assertThat(erase.output()).contains("erased: rows=1 subject=" + SampleEvents.hmac(user)).doesNotContain(user);
        assertThat(infra.column("SELECT concat_ws('|', coalesce(user_id, '-'), coalesce(masked_ip, '-'),"
                + " coalesce(masked_device_id, '-'), coalesce(sealed_ip::text, '-'), coalesce(sealed_device_id::text, '-'),"
                + " coalesce(mask_key_id, '-'), coalesce(seal_batch_id::text, '-'), erased_at IS NOT NULL) FROM user_logins WHERE message_id = '" + messageId + "'"))
                .containsExactly("-|-|-|-|-|-|-|t");
        assertThat(count(infra, "SELECT count(*) FROM user_logins WHERE user_id IS NULL")).isEqualTo(1);
        PackagedApp.Result reveal = PackagedApp.run(List.of("reveal", "--message-id", messageId, "--requester", "a", "--reason", "r"), env, 120);
        assertThat(SealedOriginals.jsonLines(reveal.output())).singleElement()
                .satisfies(l -> assertThat(l.get("note").asText()).isEqualTo("erased"));
        PackagedApp.Result byIp = PackagedApp.run(List.of("lookup", "--ip", originals[0], "--requester", "a", "--reason", "r"), env, 120);
        PackagedApp.Result byDevice = PackagedApp.run(List.of("lookup", "--device-id", originals[1], "--requester", "a", "--reason", "r"), env, 120);
        assertThat(SealedOriginals.jsonLines(byIp.output() + byDevice.output())).noneMatch(l -> l.get("message_id").asText().equals(messageId));
        assertThat(SealedOriginals.auditRows(infra)).anySatisfy(r -> assertThat(r).contains("\"action\":\"erase\"", "\"row_count\":1",
                "\"subject_fingerprint\":\"" + SampleEvents.hmac(user) + "\"")).noneMatch(r -> r.contains(user));
        PackagedApp.Result again = PackagedApp.run(List.of("erase", "--user-id", user, "--requester", "dpo", "--reason", "again"), env, 120);
        assertThat(again.output()).contains("erased: rows=0");
    }

    private static Map<String, String> drained(TestInfra infra) throws Exception {
        infra.send(SampleEvents.lines());
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        PackagedApp.Result drain = PackagedApp.run(env, 120);
        assertThat(drain.exitCode()).as(drain.output()).isZero();
        env.remove("ETL_MODE");
        return env;
    }

    private static long devPrimaryKeyId() {
        return Integer.toUnsignedLong(SealingKeysets.readPublic(TestInfra.DEV_PUBLIC_KEYSET, "dev").getPrimary().getId());
    }

    private static String single(TestInfra infra, String sql) throws Exception {
        return infra.column(sql).stream().reduce((a, b) -> {
            throw new AssertionError("more than one value: " + sql);
        }).orElseThrow();
    }

    private static long count(TestInfra infra, String sql) throws Exception {
        return Long.parseLong(single(infra, sql));
    }
}
