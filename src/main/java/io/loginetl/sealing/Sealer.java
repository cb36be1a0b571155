package io.loginetl.sealing;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.loginetl.config.EtlConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The pipeline's side of sealing: it holds only the public keyset, so it can seal but never open
 * (there is no decrypting method here, and the public keyset could not back one). Sealing is on
 * whenever {@code ETL_SEALING_PUBLIC_KEYSET} names a keyset. Built with the pipeline's writer, so an
 * unreadable keyset stops the pipeline before it receives anything, a missing one is said once then,
 * and an operator command (which never builds the pipeline) is not told about either.
 */
@Singleton
public class Sealer {

    public static final String PUBLIC_SETTING = "ETL_SEALING_PUBLIC_KEYSET (etl.sealing.public-keyset)";
    private static final Logger LOG = Logger.getLogger(Sealer.class);

    private final HybridEncrypt publicKey;
    private final long keysetKeyId;

    @Inject
    public Sealer(EtlConfig config) {
        this(config.sealing().publicKeyset().filter(p -> !p.isBlank())
                .map(p -> SealingKeysets.readPublic(Path.of(p), PUBLIC_SETTING)));
    }

    /** Empty: sealing off. */
    public Sealer(Optional<KeysetHandle> publicKeyset) {
        if (publicKeyset.isEmpty()) {
            LOG.warn(PUBLIC_SETTING + " is not set: ip and device id are stored masked only, and their originals"
                    + " will not be recoverable (docs/pii-recovery.md)");
            this.publicKey = null;
            this.keysetKeyId = 0;
            return;
        }
        try {
            this.publicKey = publicKeyset.get().getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(PUBLIC_SETTING + " is not a hybrid encryption keyset");
        }
        this.keysetKeyId = Integer.toUnsignedLong(publicKeyset.get().getPrimary().getId());
        LOG.infof("Sealing ip and device id with public keyset key %d", keysetKeyId);
    }

    /** The id stored with each batch this sealer seals: the public keyset's primary key. */
    public long keysetKeyId() {
        return keysetKeyId;
    }

    public boolean enabled() {
        return publicKey != null;
    }

    /** A fresh envelope for one write batch: the only public-key operation, once per batch. */
    public SealBatch newBatch() {
        if (publicKey == null) {
            throw new IllegalStateException("sealing is off");
        }
        try {
            return DataKeys.newBatch(publicKey, keysetKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not seal a batch key", e);
        }
    }
}
