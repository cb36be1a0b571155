package io.loginetl.sealing;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.hybrid.HpkeParameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Tink JSON keyset files: the format {@code tinkey} writes and reads, so operators can manage the
 * sealing keys with Tink's own tool or with {@code keygen}. Errors name the file, never key material.
 */
public final class SealingKeysets {

    static {
        try {
            HybridConfig.register();
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The template tinkey calls DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM (with Tink's key-id prefix, for rotation). */
    private static final HpkeParameters HPKE_X25519_AES_256_GCM;

    static {
        try {
            HPKE_X25519_AES_256_GCM = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.TINK)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SealingKeysets() {
    }

    /** Makes sure Tink's key managers are registered before a keyset is parsed or used. */
    static void init() {
        // the static initialiser does the work
    }

    /** A new private keyset of one HPKE key (X25519, HKDF-SHA256, AES-256-GCM), Tink's recommended hybrid scheme. */
    public static KeysetHandle generatePrivate() throws GeneralSecurityException {
        return KeysetHandle.generateNew(HPKE_X25519_AES_256_GCM);
    }

    /** The keyset with one more key, made primary: new batches seal under it, the old keys still open old ones. */
    public static KeysetHandle withNewPrimary(KeysetHandle privateKeyset) throws GeneralSecurityException {
        return KeysetHandle.newBuilder(privateKeyset)
                .addEntry(KeysetHandle.generateEntryFromParameters(HPKE_X25519_AES_256_GCM).withRandomId().makePrimary())
                .build();
    }

    public static String privateJson(KeysetHandle privateKeyset) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get());
    }

    public static String publicJson(KeysetHandle privateKeyset) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle());
    }

    /** A public keyset: refuses a file that holds secret key material, which the pipeline must never have. */
    public static KeysetHandle readPublic(Path file, String setting) {
        String json = read(file, setting);
        try {
            return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(setting + " (" + file + ") is not a public Tink JSON keyset"
                    + " (a private keyset belongs to the recovering side only)");
        }
    }

    public static KeysetHandle readPrivate(Path file, String setting) {
        String json = read(file, setting);
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(setting + " (" + file + ") is not a private Tink JSON keyset"
                    + " (an encrypted keyset, e.g. one made with tinkey --master-key-uri, is not supported)");
        }
    }

    private static String read(Path file, String setting) {
        init();
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(setting + " names " + file + ", which does not exist");
        } catch (IOException e) {
            throw new IllegalStateException(setting + " names " + file + ", which cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
