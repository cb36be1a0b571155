package io.loginetl.recovery;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.loginetl.config.EtlConfig;
import io.loginetl.sealing.AwsKmsAead;
import io.loginetl.sealing.Opener;
import io.loginetl.sealing.Sealer;
import io.loginetl.sealing.SealingKeysets;
import io.loginetl.support.Failures;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The recovering side's keysets, read only when a command needs them, with errors that name the setting.
 * A private keyset encrypted at rest opens through KMS ({@link AwsKmsAead}); the KMS client is built only
 * then, so commands and a pipeline that never use KMS need no KMS settings.
 */
@Singleton
public class RecoveryKeys {

    public static final String PRIVATE_SETTING = "ETL_SEALING_PRIVATE_KEYSET (etl.sealing.private-keyset)";

    private final EtlConfig.Sealing config;
    private final Instance<KmsClient> kms;

    public RecoveryKeys(EtlConfig config, Instance<KmsClient> kms) {
        this.config = config.sealing();
        this.kms = kms;
    }

    public KeysetHandle privateKeyset(String command) {
        String path = config.privateKeyset().filter(p -> !p.isBlank()).orElseThrow(() -> new CommandFailure(
                command + " needs " + PRIVATE_SETTING + ": the path of the private keyset that opens sealed originals"));
        return SealingKeysets.readPrivate(Path.of(path), PRIVATE_SETTING, keysetEncryption(Optional.empty()));
    }

    /**
     * The KMS key that encrypts private keysets at rest: {@code keyUri} when given (keygen's
     * {@code --kms-key}), else {@code ETL_SEALING_PRIVATE_KEYSET_KMS_KEY}; empty when neither is set.
     */
    public Optional<Aead> keysetEncryption(Optional<String> keyUri) {
        Optional<String> uri = keyUri.or(config::privateKeysetKmsKey).filter(u -> !u.isBlank());
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        try {
            AwsKmsAead.keyArn(uri.get());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(SealingKeysets.KMS_SETTING + ": " + e.getMessage());
        }
        return Optional.of(new AwsKmsAead(client(), uri.get()));
    }

    /**
     * The KMS client, built now (it is built on first use) so that a setting it lacks is one line
     * here rather than a bean-creation stack trace at the first KMS call.
     */
    private KmsClient client() {
        try {
            KmsClient client = kms.get();
            client.serviceName();
            return client;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = String.valueOf(root.getMessage()).startsWith("Unable to load region")
                    ? "no AWS region: set QUARKUS_KMS_AWS_REGION (or AWS_REGION) to the key's region"
                    : Failures.describe(root);
            throw new CommandFailure(SealingKeysets.KMS_SETTING + " is set, but the KMS client cannot be built: " + reason);
        }
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
