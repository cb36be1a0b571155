package io.loginetl.recovery;

import com.google.crypto.tink.KeysetHandle;
import io.loginetl.config.EtlConfig;
import io.loginetl.sealing.Opener;
import io.loginetl.sealing.Sealer;
import io.loginetl.sealing.SealingKeysets;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** The recovering side's keysets, read only when a command needs them, with errors that name the setting. */
@Singleton
public class RecoveryKeys {

    public static final String PRIVATE_SETTING = "ETL_SEALING_PRIVATE_KEYSET (etl.sealing.private-keyset)";

    private final EtlConfig.Sealing config;

    public RecoveryKeys(EtlConfig config) {
        this.config = config.sealing();
    }

    public KeysetHandle privateKeyset(String command) {
        String path = config.privateKeyset().filter(p -> !p.isBlank()).orElseThrow(() -> new CommandFailure(
                command + " needs " + PRIVATE_SETTING + ": the path of the private keyset that opens sealed originals"));
        return SealingKeysets.readPrivate(Path.of(path), PRIVATE_SETTING);
    }

    public Opener opener(String command) {
        return new Opener(privateKeyset(command));
    }

    /**
     * What {@code rekey} seals with: the pipeline's public keyset when one is configured (it defines
     * the current sealing key), otherwise the public half of the private keyset's primary key.
     */
    public Sealer currentSealer(KeysetHandle privateKeyset) {
        Optional<String> configured = config.publicKeyset().filter(p -> !p.isBlank());
        if (configured.isPresent()) {
            return new Sealer(Optional.of(SealingKeysets.readPublic(Path.of(configured.get()), Sealer.PUBLIC_SETTING)));
        }
        try {
            return new Sealer(Optional.of(privateKeyset.getPublicKeysetHandle()));
        } catch (GeneralSecurityException e) {
            throw new CommandFailure(PRIVATE_SETTING + " has no public half to seal with");
        }
    }
}
