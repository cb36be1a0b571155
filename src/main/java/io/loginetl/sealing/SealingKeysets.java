package io.loginetl.sealing;

import com.google.crypto.tink.Aead;
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
import java.util.Optional;

/**
 * Tink JSON keyset files: the format {@code tinkey} writes and reads, so operators can manage the
 * sealing keys with Tink's own tool or with {@code keygen}. A private keyset may be stored encrypted
 * with a KMS key (Tink's encrypted-keyset JSON, empty associated data, as {@code tinkey
 * --master-key-uri} writes it). Errors name the file, never key material.
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

    /** Names the KMS key that encrypts the private keyset at rest (an {@code aws-kms://} URI). */
    public static final String KMS_SETTING = "ETL_SEALING_PRIVATE_KEYSET_KMS_KEY (etl.sealing.private-keyset-kms-key)";

    /** Keysets are encrypted without associated data, as tinkey does, so files move between the two tools. */
    private static final byte[] NO_CONTEXT = new byte[0];

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
        return privateJson(privateKeyset, Optional.empty());
    }

    /** In clear, or encrypted with {@code keysetEncryption} (a KMS key) when one is given. */
    public static String privateJson(KeysetHandle privateKeyset, Optional<Aead> keysetEncryption)
            throws GeneralSecurityException {
        return keysetEncryption.isPresent()
                ? TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(privateKeyset, keysetEncryption.get(), NO_CONTEXT)
                : TinkJsonProtoKeysetFormat.serializeKeyset(privateKeyset, InsecureSecretKeyAccess.get());
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

    /** A private keyset stored in clear. */
    public static KeysetHandle readPrivate(Path file, String setting) {
        return readPrivate(file, setting, Optional.empty());
    }

    /**
     * A private keyset, opened with {@code keysetEncryption} when one is configured. Either way a
     * mismatch is one line: an encrypted file without the KMS key names the setting that is missing,
     * a file in clear where a KMS key is configured is refused (the operator meant it to be encrypted).
     */
    public static KeysetHandle readPrivate(Path file, String setting, Optional<Aead> keysetEncryption) {
        String json = read(file, setting);
        boolean encrypted = json.contains("\"encryptedKeyset\"");
        String named = setting + " (" + file + ")";
        if (keysetEncryption.isEmpty()) {
            if (encrypted) {
                throw new IllegalStateException(named + " is encrypted with a KMS key: set " + KMS_SETTING
                        + " to that key's aws-kms:// URI");
            }
            try {
                return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalStateException(named + " is not a private Tink JSON keyset");
            }
        }
        if (!encrypted) {
            throw new IllegalStateException(named + " is stored in clear, but " + KMS_SETTING + " is set: a keyset"
                    + " encrypted with that key was expected (keygen --kms-key writes one); unset it to use this file");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, keysetEncryption.get(), NO_CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(named + " could not be opened with " + KMS_SETTING + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException(named + " is not an encrypted Tink JSON keyset");
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
