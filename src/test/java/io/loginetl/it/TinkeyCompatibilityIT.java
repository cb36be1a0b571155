package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keysets made and managed by Tink's own key tool work here, and ours in it: a pair from {@code tinkey
 * create-keyset} / {@code create-public-keyset} seals a drain and reveals it, and {@code tinkey
 * list-keyset} reads what {@code keygen --rotate} wrote to tinkey's file. tinkey is not published to
 * Maven Central, so this runs only where {@code TINKEY} names a tinkey command (e.g. {@code
 * TINKEY="java -cp … com.google.crypto.tink.tinkey.Tinkey"}, built from tink-crypto/tink-tinkey);
 * docs/pii-recovery.md says when it last ran.
 */
@EnabledIfEnvironmentVariable(named = "TINKEY", matches = ".+")
class TinkeyCompatibilityIT {

    @Test
    void aTinkeyKeyPairSealsAndRevealsAndTinkeyReadsKeygensRotation(@TempDir Path dir) throws Exception {
        Path privateFile = dir.resolve("private.json");
        Path publicFile = dir.resolve("public.json");
        tinkey("create-keyset", "--key-template", "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM", "--out", privateFile.toString());
        tinkey("create-public-keyset", "--in", privateFile.toString(), "--out", publicFile.toString());

        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("ETL_SEALING_PUBLIC_KEYSET", publicFile.toString());
        PackagedApp.Result drain = PackagedApp.run(env, 120);
        assertThat(drain.exitCode()).as(drain.output()).isZero();

        env.remove("ETL_MODE");
        env.put("ETL_SEALING_PRIVATE_KEYSET", privateFile.toString());
        JsonNode event = SampleEvents.validEvents().get(0);
        String user = event.get("user_id").asText();
        PackagedApp.Result reveal = PackagedApp.run(List.of("reveal", "--message-id",
                SealedOriginals.messageIdsByUser(infra).get(user), "--requester", "a", "--reason", "tinkey"), env, 120);
        assertThat(reveal.exitCode()).as(reveal.output()).isZero();
        JsonNode line = SealedOriginals.jsonLines(reveal.output()).get(0);
        assertThat(line.get("ip").asText()).isEqualTo(SealedOriginals.expectedOriginals(user)[0]);
        assertThat(line.get("device_id").asText()).isEqualTo(SealedOriginals.expectedOriginals(user)[1]);

        // docs/pii-recovery.md's rotation with tinkey: add a key, promote it, publish the public half
        Path added = dir.resolve("added.json");
        Path rotated = dir.resolve("rotated.json");
        tinkey("add-key", "--in", privateFile.toString(), "--out", added.toString(),
                "--key-template", "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM");
        String listing = tinkey("list-keyset", "--in", added.toString());
        String oldPrimary = values(listing, "primary_key_id").get(0);
        String newKeyId = values(listing, "key_id").stream().filter(id -> !oldPrimary.equals(id)).findFirst().orElseThrow();
        tinkey("promote-key", "--in", added.toString(), "--out", rotated.toString(), "--key-id", newKeyId);
        tinkey("create-public-keyset", "--in", rotated.toString(), "--out", publicFile.toString() + ".2");
        infra.send(List.of(event.toString())); // the same event again, as a new message
        env.put("ETL_MODE", "drain");
        env.put("ETL_SEALING_PUBLIC_KEYSET", publicFile + ".2");
        assertThat(PackagedApp.run(env, 120).exitCode()).isZero();
        env.remove("ETL_MODE");
        env.put("ETL_SEALING_PRIVATE_KEYSET", rotated.toString());
        PackagedApp.Result both = PackagedApp.run(List.of("reveal", "--masked-ip", SampleEvents.hmac(
                SealedOriginals.expectedOriginals(user)[0]), "--requester", "a", "--reason", "tinkey rotation"), env, 120);
        assertThat(both.exitCode()).as(both.output()).isZero();
        assertThat(SealedOriginals.jsonLines(both.output())).as("rows sealed under the old and the new key")
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(l -> assertThat(l.get("ip").asText()).isEqualTo(line.get("ip").asText()));

        PackagedApp.Result keygen = PackagedApp.run(List.of("keygen", "--rotate", "--private", rotated.toString(),
                "--public", publicFile.toString()), Map.of(), 120);
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        String listed = tinkey("list-keyset", "--in", rotated.toString());
        assertThat(listed.split("key_info", -1)).hasSize(4);
        assertThat(listed).contains("HpkePrivateKey");
        assertThat(tinkey("list-keyset", "--in", publicFile.toString())).contains("HpkePublicKey");
    }

    /** The values of one field in tinkey list-keyset's text output ({@code name: value} lines). */
    private static List<String> values(String listing, String name) {
        return listing.lines().map(String::trim).filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).trim()).toList();
    }

    private static String tinkey(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(System.getenv("TINKEY").trim().split("\\s+")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
        return output;
    }
}
