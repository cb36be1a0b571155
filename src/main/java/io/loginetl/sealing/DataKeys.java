package io.loginetl.sealing;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmParameters;

import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Makes and opens a batch's data key: a one-key Tink AEAD keyset (AES-256-GCM, 12-byte random IV,
 * 16-byte tag, no key-id prefix since a batch has exactly one key), serialised and hybrid-encrypted
 * with the batch id as context info.
 */
final class DataKeys {

    private static final AesGcmParameters AES_256_GCM;

    static {
        SealingKeysets.init();
        try {
            AES_256_GCM = AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DataKeys() {
    }

    static SealBatch newBatch(HybridEncrypt publicKey, long keysetKeyId) throws GeneralSecurityException {
        UUID id = UUID.randomUUID();
        KeysetHandle dataKey = KeysetHandle.generateNew(AES_256_GCM);
        byte[] sealed = publicKey.encrypt(TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get()),
                SealBatch.contextInfo(id));
        return new SealBatch(id, sealed, keysetKeyId, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    /** The data key of a stored batch; fails unless {@code privateKey} holds the key that sealed it. */
    static Aead open(HybridDecrypt privateKey, UUID batchId, byte[] sealedKey) throws GeneralSecurityException {
        byte[] keyset = privateKey.decrypt(sealedKey, SealBatch.contextInfo(batchId));
        return TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }
}
