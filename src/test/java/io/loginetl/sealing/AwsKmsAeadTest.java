package io.loginetl.sealing;

import com.google.crypto.tink.KeysetHandle;
import io.loginetl.testsupport.KmsEmulator;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The KMS keyset-encryption AEAD against the KMS emulator over a real socket, and keysets stored with it. */
class AwsKmsAeadTest {

    private static final byte[] SECRET = "a private keyset".getBytes(StandardCharsets.UTF_8);
    private static KmsEmulator kms;
    private static KmsClient client;

    @BeforeAll
    static void start() throws Exception {
        kms = new KmsEmulator();
        client = client(kms.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        kms.close();
    }

    @Test
    void roundTripsAndBindsTheAssociatedData() throws Exception {
        AwsKmsAead aead = new AwsKmsAead(client, kms.createKey());
        byte[] ad = "context".getBytes(StandardCharsets.UTF_8);

        byte[] ciphertext = aead.encrypt(SECRET, ad);

        assertThat(aead.decrypt(ciphertext, ad)).isEqualTo(SECRET);
        assertThatThrownBy(() -> aead.decrypt(ciphertext, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("InvalidCiphertextException");
        assertThatThrownBy(() -> aead.decrypt(ciphertext, new byte[0])).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aCiphertextOfAnotherKeyDoesNotOpen() throws Exception {
        byte[] ciphertext = new AwsKmsAead(client, kms.createKey()).encrypt(SECRET, new byte[0]);
        AwsKmsAead other = new AwsKmsAead(client, kms.createKey());

        assertThatThrownBy(() -> other.decrypt(ciphertext, new byte[0]))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("IncorrectKeyException");
    }

    @Test
    void refusalsAndOutagesNameTheirCauseAndNothingSecret() throws Exception {
        String uri = kms.createKey();
        AwsKmsAead aead = new AwsKmsAead(client, uri);
        byte[] ciphertext = aead.encrypt(SECRET, new byte[0]);
        kms.deny(uri);

        assertThatThrownBy(() -> aead.decrypt(ciphertext, new byte[0])).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("AccessDeniedException (HTTP 400)").hasMessageNotContaining("private keyset");
        try (KmsClient nowhere = client("http://127.0.0.1:" + TestInfra.freePort())) {
            assertThatThrownBy(() -> new AwsKmsAead(nowhere, uri).decrypt(ciphertext, new byte[0]))
                    .hasMessageContaining("KMS not reachable");
        }
    }

    @Test
    void onlyTinksKeyUrisAreTaken() {
        assertThat(AwsKmsAead.keyArn("aws-kms://arn:aws:kms:eu-west-1:1:alias/x")).isEqualTo("arn:aws:kms:eu-west-1:1:alias/x");
        for (String bad : new String[] {"arn:aws:kms:eu-west-1:1:key/x", "aws-kms://key/x", "gcp-kms://projects/p"}) {
            assertThatThrownBy(() -> AwsKmsAead.keyArn(bad)).as(bad).hasMessageContaining("aws-kms://arn:aws:kms:");
        }
    }

    @Test
    void anEncryptedPrivateKeysetOpensOnlyWithItsKmsKey(@TempDir Path dir) throws Exception {
        KeysetHandle keyset = SealingKeysets.generatePrivate();
        Optional<com.google.crypto.tink.Aead> encryption = Optional.of(new AwsKmsAead(client, kms.createKey()));
        Path file = Files.writeString(dir.resolve("private.json"), SealingKeysets.privateJson(keyset, encryption));

        KeysetHandle opened = SealingKeysets.readPrivate(file, "test", encryption);

        assertThat(opened.getPrimary().getId()).isEqualTo(keyset.getPrimary().getId());
        assertThat(opened.getPublicKeysetHandle().equalsKeyset(keyset.getPublicKeysetHandle())).isTrue();
        assertThatThrownBy(() -> SealingKeysets.readPrivate(file, "test"))
                .hasMessageContaining("is encrypted with a KMS key: set ETL_SEALING_PRIVATE_KEYSET_KMS_KEY");
        assertThatThrownBy(() -> SealingKeysets.readPrivate(file, "test", Optional.of(new AwsKmsAead(client, kms.createKey()))))
                .hasMessageContaining("could not be opened").hasMessageContaining("IncorrectKeyException");
    }

    private static KmsClient client(String endpoint) {
        return KmsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(TestInfra.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .httpClient(ApacheHttpClient.create()).build();
    }
}
