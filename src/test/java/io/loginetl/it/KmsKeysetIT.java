package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.testsupport.KmsEmulator;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A private keyset encrypted at rest with a KMS key, through the packaged application (jar, or the
 * native executable under -Dnative) and a KMS emulator on a real socket: keygen writes a file that holds
 * no key material in clear, the pipeline seals with the public half without ever calling KMS, reveal
 * opens the rows through one KMS Decrypt, a rotation keeps the file encrypted and the old rows open,
 * and every way it can go wrong (no KMS key set, a revoked grant, a file in clear, a malformed URI) is
 * one line and exit 1.
 */
class KmsKeysetIT {

    private static KmsEmulator kms;
    private static TestInfra infra;
    private static String keyUri;
    private static Path privateFile;
    private static Map<String, String> env;
    private static String messageId;
    private static String[] expected;

    @BeforeAll
    static void keygenWithKmsThenDrainTheSample(@TempDir Path dir) throws Exception {
        kms = new KmsEmulator();
        keyUri = kms.createKey();
        infra = TestInfra.create();
        env = new HashMap<>(infra.environment());
        env.putAll(kms.environment());
        privateFile = dir.resolve("private.json");
        Path publicFile = dir.resolve("public.json");

        PackagedApp.Result keygen = PackagedApp.run(List.of("keygen", "--private", privateFile.toString(),
                "--public", publicFile.toString(), "--kms-key", keyUri), env, 120);
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        assertThat(keygen.output()).contains("encrypted with the KMS key").doesNotContain("\tat ");
        assertThat(kms.encrypts()).isEqualTo(1);

        infra.send(SampleEvents.lines());
        Map<String, String> pipeline = new HashMap<>(env);
        pipeline.put("ETL_MODE", "drain");
        pipeline.put("ETL_SEALING_PUBLIC_KEYSET", publicFile.toString());
        PackagedApp.Result drain = PackagedApp.run(pipeline, 120);
        assertThat(drain.exitCode()).as(drain.output()).isZero();
        assertThat(kms.encrypts() + kms.decrypts()).as("the pipeline never calls KMS").isEqualTo(1);

        env.put("ETL_SEALING_PRIVATE_KEYSET", privateFile.toString());
        env.put("ETL_SEALING_PRIVATE_KEYSET_KMS_KEY", keyUri);
        JsonNode event = SampleEvents.validEvents().get(0);
        messageId = SealedOriginals.messageIdsByUser(infra).get(event.get("user_id").asText());
        expected = SealedOriginals.expectedOriginals(event.get("user_id").asText());
    }

    @AfterAll
    static void stopKms() {
        kms.close();
    }

    @Test
    void theFileHoldsNoKeyMaterialInClearAndOnlyItsOwnerReadsIt() throws Exception {
        String json = Files.readString(privateFile);
        assertThat(json).contains("\"encryptedKeyset\"").doesNotContain("\"keyData\"").doesNotContain("\"value\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
    }

    @Test
    void revealOpensTheRowsThroughOneKmsDecrypt() throws Exception {
        int decrypts = kms.decrypts();

        PackagedApp.Result reveal = reveal(env);

        assertThat(reveal.exitCode()).as(reveal.output()).isZero();
        JsonNode line = SealedOriginals.jsonLines(reveal.output()).get(0);
        assertThat(line.get("ip").asText()).isEqualTo(expected[0]);
        assertThat(line.get("device_id").asText()).isEqualTo(expected[1]);
        assertThat(kms.decrypts()).isEqualTo(decrypts + 1);
    }

    @Test
    void aRotationKeepsTheFileEncryptedAndTheOldRowsOpen(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(privateFile, dir.resolve("private.json"));
        PackagedApp.Result rotate = PackagedApp.run(List.of("keygen", "--rotate", "--private", copy.toString(),
                "--public", dir.resolve("public.json").toString()), env, 120);
        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        assertThat(rotate.output()).contains("2 key(s), encrypted with the KMS key");
        assertThat(Files.readString(copy)).contains("\"encryptedKeyset\"").doesNotContain("\"keyData\"");

        Map<String, String> rotated = new HashMap<>(env);
        rotated.put("ETL_SEALING_PRIVATE_KEYSET", copy.toString());
        PackagedApp.Result reveal = reveal(rotated);
        assertThat(reveal.exitCode()).as(reveal.output()).isZero();
        assertThat(SealedOriginals.jsonLines(reveal.output()).get(0).get("ip").asText()).isEqualTo(expected[0]);
    }

    @Test
    void withoutTheKmsKeySettingTheFileOpensNothing() throws Exception {
        Map<String, String> noKms = new HashMap<>(env);
        noKms.remove("ETL_SEALING_PRIVATE_KEYSET_KMS_KEY");

        assertOneLineFailure(reveal(noKms), "is encrypted with a KMS key: set ETL_SEALING_PRIVATE_KEYSET_KMS_KEY");
    }

    @Test
    void aKmsKeySettingWithAFileInClearIsRefused() throws Exception {
        Map<String, String> clearFile = new HashMap<>(env);
        clearFile.put("ETL_SEALING_PRIVATE_KEYSET", TestInfra.DEV_PRIVATE_KEYSET.toAbsolutePath().toString());

        assertOneLineFailure(reveal(clearFile), "is stored in clear, but ETL_SEALING_PRIVATE_KEYSET_KMS_KEY");
    }

    @Test
    void aMalformedKeyUriIsOneLine() throws Exception {
        Map<String, String> malformed = new HashMap<>(env);
        malformed.put("ETL_SEALING_PRIVATE_KEYSET_KMS_KEY", "alias/recovery");

        assertOneLineFailure(reveal(malformed), "a KMS key is named as aws-kms://arn:aws:kms:");
    }

    @Test
    void aKmsClientWithoutARegionIsOneLine(@TempDir Path dir) throws Exception {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "a region in this environment reaches the application");
        Map<String, String> noRegion = new HashMap<>(env);
        noRegion.remove("QUARKUS_KMS_AWS_REGION");
        noRegion.put("AWS_EC2_METADATA_DISABLED", "true"); // no instance metadata to ask either

        PackagedApp.Result keygen = PackagedApp.run(List.of("keygen", "--private", dir.resolve("p.json").toString(),
                "--public", dir.resolve("q.json").toString(), "--kms-key", keyUri), noRegion, 120);

        assertOneLineFailure(keygen, "the KMS client cannot be built: no AWS region: set QUARKUS_KMS_AWS_REGION");
        assertThat(dir.resolve("p.json")).doesNotExist();
    }

    @Test
    void aRevokedGrantIsOneLineNamingKmsRefusal() throws Exception {
        String revokedUri = kms.createKey();
        Path dir = Files.createTempDirectory("kms-revoked");
        Path revokedFile = dir.resolve("private.json");
        PackagedApp.Result keygen = PackagedApp.run(List.of("keygen", "--private", revokedFile.toString(),
                "--public", dir.resolve("public.json").toString(), "--kms-key", revokedUri), env, 120);
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        kms.deny(revokedUri);
        Map<String, String> revoked = new HashMap<>(env);
        revoked.put("ETL_SEALING_PRIVATE_KEYSET", revokedFile.toString());
        revoked.put("ETL_SEALING_PRIVATE_KEYSET_KMS_KEY", revokedUri);

        assertOneLineFailure(reveal(revoked), "could not be opened with ETL_SEALING_PRIVATE_KEYSET_KMS_KEY",
                "AccessDeniedException");
    }

    private static PackagedApp.Result reveal(Map<String, String> environment) throws Exception {
        return PackagedApp.run(List.of("reveal", "--message-id", messageId, "--requester", "alice",
                "--reason", "kms test"), environment, 120);
    }

    private static void assertOneLineFailure(PackagedApp.Result result, String... parts) throws Exception {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains(parts).doesNotContain("\tat ")
                .doesNotContain(expected[0]).doesNotContain(expected[1]);
        assertThat(SealedOriginals.jsonLines(result.output())).isEmpty();
    }
}
