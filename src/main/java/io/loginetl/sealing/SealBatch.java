package io.loginetl.sealing;

import com.google.crypto.tink.Aead;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * One write batch's envelope: a fresh AES-256-GCM data key, sealed once with the public keyset
 * ({@link #sealedKey}, stored once in {@code etl_seal_batches}), that encrypts every row's ip and
 * device id. The data key exists only in this object's {@link Aead}, for as long as the batch is
 * being written. Not shared between threads.
 *
 * @param id           the batch's id, also the hybrid encryption's context info, so a sealed key only
 *                     opens as the key of its own batch
 * @param sealedKey    the data keyset, hybrid-encrypted
 * @param keysetKeyId  id of the public keyset's primary key that sealed it ({@code rekey} looks for old ones)
 */
public record SealBatch(UUID id, byte[] sealedKey, long keysetKeyId, Aead dataKey) {

    /** The context info of a batch's hybrid encryption. */
    static byte[] contextInfo(UUID batchId) {
        return ("login-etl seal batch " + batchId).getBytes(StandardCharsets.UTF_8);
    }

    /** Encrypts one canonical value of one row's column. */
    public byte[] seal(Column column, String messageId, String canonicalValue) {
        try {
            return dataKey.encrypt(canonicalValue.getBytes(StandardCharsets.UTF_8), column.associatedData(messageId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public String toString() {
        return "SealBatch[" + id + ", keyset key " + keysetKeyId + "]";
    }
}
