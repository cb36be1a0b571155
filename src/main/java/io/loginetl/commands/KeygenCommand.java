package io.loginetl.commands;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import io.loginetl.recovery.CommandFailure;
import io.loginetl.recovery.RecoveryKeys;
import io.loginetl.sealing.SealingKeysets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A sealing key pair as Tink JSON keysets: the private one readable by its owner only, the public one
 * for the pipeline. {@code --rotate} adds a new primary key to an existing private keyset (old keys
 * stay, so older rows still open) and writes the matching public keyset. With a KMS key ({@code --kms-key}
 * or {@code ETL_SEALING_PRIVATE_KEYSET_KMS_KEY}) the private keyset is written encrypted with it, and
 * {@code --rotate} opens it with it: the file alone then opens nothing.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Write a new sealing key pair (Tink JSON keysets), or with --rotate add a new primary key.")
public class KeygenCommand implements Callable<Integer> {

    @Option(names = "--private", required = true, paramLabel = "FILE", description = "Private keyset (written with mode 0600).")
    Path privateFile;

    @Option(names = "--public", required = true, paramLabel = "FILE", description = "Public keyset, for ETL_SEALING_PUBLIC_KEYSET.")
    Path publicFile;

    @Option(names = "--rotate", description = "Add a new primary key to the existing private keyset instead of creating one.")
    boolean rotate;

    @Option(names = "--kms-key", paramLabel = "URI", description = "Encrypt the private keyset with this AWS KMS key"
            + " (aws-kms://arn:aws:kms:...:key/...); default: ETL_SEALING_PRIVATE_KEYSET_KMS_KEY.")
    Optional<String> kmsKey;

    private final RecoveryKeys keys;

    public KeygenCommand(RecoveryKeys keys) {
        this.keys = keys;
    }

    @Override
    public Integer call() throws GeneralSecurityException, IOException {
        Optional<Aead> encryption = keys.keysetEncryption(kmsKey);
        KeysetHandle keyset = rotate ? SealingKeysets.withNewPrimary(
                SealingKeysets.readPrivate(privateFile, "--private", encryption)) : SealingKeysets.generatePrivate();
        String privateJson;
        try {
            privateJson = SealingKeysets.privateJson(keyset, encryption);
        } catch (GeneralSecurityException e) {
            throw new CommandFailure("could not encrypt the private keyset with " + SealingKeysets.KMS_SETTING
                    + ": " + e.getMessage());
        }
        write(privateFile, privateJson, "rw-------");
        write(publicFile, SealingKeysets.publicJson(keyset), "rw-r--r--");
        System.out.printf("%s private keyset %s (primary key %d, %d key(s)%s) and public keyset %s%n",
                rotate ? "Rotated" : "Wrote", privateFile, Integer.toUnsignedLong(keyset.getPrimary().getId()),
                keyset.size(), encryption.isPresent() ? ", encrypted with the KMS key" : "", publicFile);
        return 0;
    }

    /** Written beside the target and moved into place, so a reader never sees half a keyset. */
    private void write(Path target, String json, String permissions) throws IOException {
        if (!rotate && Files.exists(target)) {
            throw new CommandFailure(target + " exists; keygen never overwrites a keyset (use --rotate to add a key)");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, ".keygen-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        } catch (UnsupportedOperationException notPosix) {
            temp = Files.createTempFile(dir, ".keygen-", ".tmp");
        }
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            if (rotate) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(target + " exists; keygen never overwrites a keyset (use --rotate to add a key)");
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
