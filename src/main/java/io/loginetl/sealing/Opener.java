package io.loginetl.sealing;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The recovering side: opens sealed originals with the private keyset. Only the operator commands
 * build one. Each batch's data key is opened once and kept for the life of this object (bounded),
 * so revealing or re-keying many rows of one batch costs one public-key operation.
 */
public final class Opener {

    private static final int CACHED_BATCHES = 256;

    private final HybridDecrypt privateKey;
    private final Map<UUID, Aead> batches = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Aead> eldest) {
            return size() > CACHED_BATCHES;
        }
    };

    public Opener(KeysetHandle privateKeyset) {
        try {
            this.privateKey = privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the private keyset is not a hybrid decryption keyset");
        }
    }

    /**
     * The canonical original of one row's column.
     *
     * @throws GeneralSecurityException when the batch key was sealed under a key this keyset lacks, or
     *                                  the value does not belong to this row and column
     */
    public String open(UUID batchId, byte[] sealedKey, Column column, String messageId, byte[] sealed)
            throws GeneralSecurityException {
        Aead dataKey = batches.get(batchId);
        if (dataKey == null) {
            dataKey = DataKeys.open(privateKey, batchId, sealedKey);
            batches.put(batchId, dataKey);
        }
        return new String(dataKey.decrypt(sealed, column.associatedData(messageId)), StandardCharsets.UTF_8);
    }
}
