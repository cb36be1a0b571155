package io.loginetl.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope: what opens, and everything that must not. */
class SealingTest {

    private static KeysetHandle privateKeyset;
    private static KeysetHandle publicKeyset;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        privateKeyset = SealingKeysets.generatePrivate();
        publicKeyset = privateKeyset.getPublicKeysetHandle();
    }

    @Test
    void aSealedValueOpensToItsOriginalWithThePrivateKeyset() throws GeneralSecurityException {
        SealBatch batch = new Sealer(Optional.of(publicKeyset)).newBatch();
        byte[] ip = batch.seal(Column.IP, "m-1", "2001:db8::1");
        byte[] device = batch.seal(Column.DEVICE_ID, "m-1", "Grüße 42");

        Opener opener = new Opener(privateKeyset);
        assertThat(opener.open(batch.id(), batch.sealedKey(), Column.IP, "m-1", ip)).isEqualTo("2001:db8::1");
        assertThat(opener.open(batch.id(), batch.sealedKey(), Column.DEVICE_ID, "m-1", device)).isEqualTo("Grüße 42");
        assertThat(batch.keysetKeyId()).isEqualTo(Integer.toUnsignedLong(publicKeyset.getPrimary().getId()));
    }

    @Test
    void aSealedValueCopiedOntoAnotherRowOrColumnDoesNotOpen() throws GeneralSecurityException {
        SealBatch batch = new Sealer(Optional.of(publicKeyset)).newBatch();
        byte[] ip = batch.seal(Column.IP, "m-1", "1.2.3.4");
        Opener opener = new Opener(privateKeyset);

        assertThatThrownBy(() -> opener.open(batch.id(), batch.sealedKey(), Column.IP, "m-2", ip))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> opener.open(batch.id(), batch.sealedKey(), Column.DEVICE_ID, "m-1", ip))
                .isInstanceOf(GeneralSecurityException.class);
        // a message id that merely extends the other must not share its associated data
        assertThatThrownBy(() -> opener.open(batch.id(), batch.sealedKey(), Column.IP, "m-1\0", ip))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aBatchKeyOpensOnlyAsTheKeyOfItsOwnBatch() {
        Sealer sealer = new Sealer(Optional.of(publicKeyset));
        SealBatch batch = sealer.newBatch();
        byte[] ip = batch.seal(Column.IP, "m-1", "1.2.3.4");

        assertThatThrownBy(() -> new Opener(privateKeyset).open(UUID.randomUUID(), batch.sealedKey(), Column.IP, "m-1", ip))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(sealer.newBatch().sealedKey()).as("a fresh data key per batch").isNotEqualTo(batch.sealedKey());
    }

    @Test
    void theServicesPublicKeysetCannotOpenAnything() throws GeneralSecurityException {
        assertThatThrownBy(() -> publicKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> new Opener(publicKeyset)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherPrivateKeysetCannotOpen() throws GeneralSecurityException {
        SealBatch batch = new Sealer(Optional.of(publicKeyset)).newBatch();
        byte[] ip = batch.seal(Column.IP, "m-1", "1.2.3.4");

        Opener stranger = new Opener(SealingKeysets.generatePrivate());
        assertThatThrownBy(() -> stranger.open(batch.id(), batch.sealedKey(), Column.IP, "m-1", ip))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void thePipelineRefusesAPrivateKeysetAsItsPublicOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path privateFile = Files.writeString(dir.resolve("private.json"), SealingKeysets.privateJson(privateKeyset));
        Path publicFile = Files.writeString(dir.resolve("public.json"), SealingKeysets.publicJson(privateKeyset));

        assertThatThrownBy(() -> SealingKeysets.readPublic(privateFile, "SETTING"))
                .hasMessageContaining("SETTING").hasMessageContaining("is not a public Tink JSON keyset");
        assertThat(SealingKeysets.readPublic(publicFile, "SETTING").getPrimary().getId())
                .isEqualTo(publicKeyset.getPrimary().getId());
        assertThatThrownBy(() -> SealingKeysets.readPublic(dir.resolve("absent.json"), "SETTING"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void theDevKeysetPairBelongsTogether() throws GeneralSecurityException {
        KeysetHandle devPrivate = SealingKeysets.readPrivate(Path.of("deploy/dev-keys/dev-only-private-keyset.json"), "dev");
        KeysetHandle devPublic = SealingKeysets.readPublic(Path.of("deploy/dev-keys/dev-only-public-keyset.json"), "dev");
        SealBatch batch = new Sealer(Optional.of(devPublic)).newBatch();

        assertThat(new Opener(devPrivate).open(batch.id(), batch.sealedKey(), Column.IP, "m",
                batch.seal(Column.IP, "m", "10.0.0.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void withoutAPublicKeysetSealingIsOff() {
        Sealer off = new Sealer(Optional.empty());
        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(off::newBatch).isInstanceOf(IllegalStateException.class);
    }
}
