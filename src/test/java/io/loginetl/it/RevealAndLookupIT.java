package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application (jar, or the native executable under -Dnative) drains the sample with the
 * dev public keyset, then the operator commands run against what it stored: reveal opens exact
 * canonical originals and audits the read; lookup finds every row of an ip; mistakes exit 2 or 1 in
 * one line. No command output outside reveal's JSON lines, and no audit record, holds a raw value.
 */
class RevealAndLookupIT {

    private static TestInfra infra;
    private static Map<String, String> env;
    private static Map<String, String> idsByUser;

    @BeforeAll
    static void drainTheSample() throws Exception {
        infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        PackagedApp.Result drain = PackagedApp.run(env, 120);
        assertThat(drain.exitCode()).as(drain.output()).isZero();
        env.remove("ETL_MODE");
        env.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());
        idsByUser = SealedOriginals.messageIdsByUser(infra);
        assertThat(idsByUser).hasSize(SampleEvents.validEvents().size());
    }

    @Test
    void revealPrintsTheExactCanonicalOriginalsOfChosenRowsAndAuditsTheRead() throws Exception {
        // an IPv6 written in full, a device id with whitespace at its ends, and a plain row
        List<String> users = new ArrayList<>();
        for (JsonNode e : SampleEvents.validEvents()) {
            String ip = e.get("ip").asText(), device = e.get("device_id").asText();
            boolean interesting = !SampleEvents.canonicalIp(ip).equals(ip) || !SampleEvents.stripped(device).equals(device);
            if (interesting && users.size() < 2 || users.size() == 2 && !interesting) {
                users.add(e.get("user_id").asText());
            }
        }
        List<String> args = new ArrayList<>(List.of("reveal", "--requester", "alice", "--reason", "ticket DSR-42"));
        users.forEach(u -> args.addAll(List.of("--message-id", idsByUser.get(u))));
        int auditBefore = SealedOriginals.auditRows(infra).size();

        PackagedApp.Result reveal = PackagedApp.run(args, env, 120);

        assertThat(reveal.exitCode()).as(reveal.output()).isZero();
        List<JsonNode> lines = SealedOriginals.jsonLines(reveal.output());
        assertThat(lines).hasSize(3);
        for (String user : users) {
            JsonNode line = lines.stream().filter(l -> l.get("message_id").asText().equals(idsByUser.get(user))).findFirst().orElseThrow();
            String[] expected = SealedOriginals.expectedOriginals(user);
            assertThat(line.get("ip").asText()).isEqualTo(expected[0]);
            assertThat(line.get("device_id").asText()).isEqualTo(expected[1]);
        }
        List<String> audit = SealedOriginals.auditRows(infra);
        assertThat(audit).hasSize(auditBefore + 1);
        assertThat(audit.get(audit.size() - 1)).contains("\"action\":\"reveal\"", "\"requester\":\"alice\"",
                "\"reason\":\"ticket DSR-42\"", "\"row_count\":3").contains(users.stream().map(idsByUser::get).toList());
        assertNoRawPii(SealedOriginals.nonJsonOutput(reveal.output()));
        assertNoRawPii(String.join("\n", audit));
    }

    @Test
    void lookupFindsEveryRowOfAnIpWhateverItsSpelling() throws Exception {
        Set<String> expected = SampleEvents.validEvents().stream()
                .filter(e -> SampleEvents.canonicalIp(e.get("ip").asText()).equals("2001:db8::1"))
                .map(e -> idsByUser.get(e.get("user_id").asText())).collect(Collectors.toSet());
        assertThat(expected).hasSizeGreaterThan(3);

        PackagedApp.Result lookup = PackagedApp.run(List.of("lookup", "--ip", " 2001:DB8:0::1 ", "--requester", "bob",
                "--reason", "subject access request 7"), env, 120);

        assertThat(lookup.exitCode()).as(lookup.output()).isZero();
        List<JsonNode> lines = SealedOriginals.jsonLines(lookup.output());
        assertThat(lines).extracting(l -> l.get("message_id").asText()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(lines).allSatisfy(l -> assertThat(idsByUser.get(l.get("user_id").asText())).isEqualTo(l.get("message_id").asText()));
        assertThat(lookup.output()).doesNotContain("2001:db8::1").doesNotContain("2001:DB8");
        List<String> audit = SealedOriginals.auditRows(infra);
        assertThat(audit.get(audit.size() - 1)).contains("\"action\":\"lookup\"", "\"row_count\":" + expected.size())
                .doesNotContain("2001:db8::1").doesNotContain("2001:DB8");
    }

    @Test
    void mistakesExitTwoOrOneInOneLineAndReadNothing() throws Exception {
        int auditBefore = SealedOriginals.auditRows(infra).size();
        String someId = idsByUser.values().iterator().next();
        infra.send(SampleEvents.lines().subList(0, 1)); // a command that started the pipeline would take it

        PackagedApp.Result noReason = PackagedApp.run(List.of("reveal", "--message-id", someId, "--requester", "alice"), env, 120);
        assertThat(noReason.exitCode()).as(noReason.output()).isEqualTo(2);
        assertThat(noReason.output()).contains("Missing required option: '--reason=TEXT'");

        Map<String, String> servicesEnv = new HashMap<>(env);
        servicesEnv.remove("ETL_SEALING_PRIVATE_KEYSET");
        PackagedApp.Result noKey = PackagedApp.run(List.of("reveal", "--message-id", someId, "--requester", "alice",
                "--reason", "r"), servicesEnv, 120);
        assertThat(noKey.exitCode()).as(noKey.output()).isEqualTo(1);
        assertThat(noKey.output()).contains("reveal needs ETL_SEALING_PRIVATE_KEYSET").doesNotContain("\tat ");
        assertThat(SealedOriginals.jsonLines(noKey.output())).isEmpty();

        PackagedApp.Result badIp = PackagedApp.run(List.of("lookup", "--ip", "300.1.2.3", "--requester", "a", "--reason", "r"), env, 120);
        assertThat(badIp.exitCode()).as(badIp.output()).isEqualTo(2);
        assertThat(badIp.output()).contains("--ip is not an IPv4 or IPv6 literal").doesNotContain("300.1.2.3");

        PackagedApp.Result unknown = PackagedApp.run(List.of("unseal"), env, 120);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(SealedOriginals.auditRows(infra)).hasSize(auditBefore);
        assertThat(infra.queued()).as("no command received anything").isEqualTo(1);
    }

    @Test
    void theAuditTrailIsAppendOnly() throws Exception {
        PackagedApp.run(List.of("lookup", "--ip", "1.2.3.4", "--requester", "a", "--reason", "r"), env, 120);
        try (var c = infra.db()) {
            for (String sql : List.of("UPDATE etl_pii_access SET requester = 'mallory'", "DELETE FROM etl_pii_access",
                    "TRUNCATE etl_pii_access")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.createStatement().execute(sql))
                        .as(sql).hasMessageContaining("etl_pii_access is append-only");
            }
        }
        assertThat(SealedOriginals.auditRows(infra)).isNotEmpty().noneMatch(r -> r.contains("mallory"));
    }

    @Test
    void withoutAPublicKeysetNothingIsSealedAndStartUpSaysSoOnce() throws Exception {
        TestInfra unsealed = TestInfra.create();
        unsealed.send(SampleEvents.lines().subList(0, 5));
        Map<String, String> drainEnv = new HashMap<>(unsealed.environment());
        drainEnv.put("ETL_MODE", "drain");
        drainEnv.remove("ETL_SEALING_PUBLIC_KEYSET");

        PackagedApp.Result drain = PackagedApp.run(drainEnv, 120);

        assertThat(drain.exitCode()).as(drain.output()).isZero();
        assertThat(drain.output().split("ETL_SEALING_PUBLIC_KEYSET \\(etl.sealing.public-keyset\\) is not set", -1)).hasSize(2);
        assertThat(unsealed.column("SELECT count(*) FROM user_logins WHERE sealed_ip IS NULL"
                + " AND sealed_device_id IS NULL AND seal_batch_id IS NULL AND mask_key_id IS NOT NULL")).containsExactly("5");
        Map<String, String> commandEnv = new HashMap<>(unsealed.environment());
        commandEnv.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());
        String id = unsealed.column("SELECT message_id FROM user_logins LIMIT 1").get(0);
        PackagedApp.Result reveal = PackagedApp.run(List.of("reveal", "--message-id", id, "--requester", "a", "--reason", "r"), commandEnv, 120);
        assertThat(reveal.exitCode()).as(reveal.output()).isZero();
        assertThat(SealedOriginals.jsonLines(reveal.output())).singleElement()
                .satisfies(l -> assertThat(l.get("note").asText()).startsWith("not sealed"));
        assertThat(reveal.output()).doesNotContain("is not set: ip and device id");
    }

    /** Commands take the pipeline's start-up path: a database nobody has migrated yet is migrated first. */
    @Test
    void aCommandOnAFreshDatabaseMigratesItFirstAndAnswers() throws Exception {
        TestInfra fresh = TestInfra.create();
        Map<String, String> commandEnv = new HashMap<>(fresh.environment());
        commandEnv.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());

        PackagedApp.Result lookup = PackagedApp.run(List.of("lookup", "--ip", "192.0.2.1", "--requester", "carol",
                "--reason", "first look"), commandEnv, 120);

        assertThat(lookup.exitCode()).as(lookup.output()).isZero();
        assertThat(SealedOriginals.jsonLines(lookup.output())).isEmpty();
        assertThat(SealedOriginals.auditRows(fresh)).singleElement().asString().contains("\"action\":\"lookup\"");
    }

    private static void assertNoRawPii(String text) {
        for (String pii : SampleEvents.rawPii()) {
            assertThat(text).doesNotContain(pii);
        }
    }
}
