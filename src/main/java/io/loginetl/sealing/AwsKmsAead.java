package io.loginetl.sealing;

import com.google.crypto.tink.Aead;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.utils.BinaryUtils;

import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * An {@link Aead} whose key never leaves AWS KMS: what encrypts the private keyset at rest. It does what
 * Tink's own AWS KMS integration ({@code tink-awskms}'s {@code AwsKmsAead}) does, over the SDK v2 client
 * this service already ships (Tink's is built on the SDK v1, past its end of support): associated data
 * travels as the encryption context {@code associatedData} in hex, and a decryption must come back from
 * the configured key. So a keyset written by {@code tinkey --master-key-uri aws-kms://…} opens here and
 * one written by {@code keygen --kms-key} opens in tinkey. Error messages carry KMS's error code, never
 * key material or plaintext.
 */
public final class AwsKmsAead implements Aead {

    /** Tink's scheme for AWS KMS key URIs, as tinkey's {@code --master-key-uri} takes them. */
    public static final String URI_PREFIX = "aws-kms://";

    private final KmsClient kms;
    private final String keyArn;

    /** {@code keyUri}: {@code aws-kms://} and the key's (or an alias's) ARN. */
    public AwsKmsAead(KmsClient kms, String keyUri) {
        this.kms = kms;
        this.keyArn = keyArn(keyUri);
    }

    /** The ARN in a key URI; refuses anything that is not one, naming the expected form. */
    public static String keyArn(String keyUri) {
        if (!keyUri.startsWith(URI_PREFIX) || !keyUri.substring(URI_PREFIX.length()).startsWith("arn:")) {
            throw new IllegalArgumentException("a KMS key is named as aws-kms://arn:aws:kms:REGION:ACCOUNT:key/ID"
                    + " (or an alias ARN), the form tinkey's --master-key-uri takes");
        }
        return keyUri.substring(URI_PREFIX.length());
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(context(associatedData))).ciphertextBlob().asByteArray();
        } catch (KmsException | SdkClientException e) {
            throw failure("Encrypt", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        DecryptResponse response;
        try {
            response = kms.decrypt(b -> b.keyId(keyArn).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                    .encryptionContext(context(associatedData)));
        } catch (KmsException | SdkClientException e) {
            throw failure("Decrypt", e);
        }
        // As Tink checks: a ciphertext swapped for one under another key this role may also use must not open.
        if (isKeyArn(keyArn) && !keyArn.equals(response.keyId())) {
            throw new GeneralSecurityException("KMS Decrypt answered for another key than " + keyArn);
        }
        return response.plaintext().asByteArray();
    }

    /** Empty associated data sends no context at all, as Tink does (keysets are encrypted that way). */
    private static Map<String, String> context(byte[] associatedData) {
        return associatedData == null || associatedData.length == 0 ? null
                : Map.of("associatedData", BinaryUtils.toHex(associatedData));
    }

    /** A key ARN ({@code …:key/ID}) names one key; an alias ARN may move, so only a key ARN is checked. */
    private static boolean isKeyArn(String arn) {
        String[] parts = arn.split(":", -1);
        return parts.length == 6 && parts[5].startsWith("key/");
    }

    private GeneralSecurityException failure(String operation, Exception e) {
        String reason = e instanceof KmsException k && k.awsErrorDetails() != null
                ? k.awsErrorDetails().errorCode() + " (HTTP " + k.statusCode() + ")"
                : "KMS not reachable (" + e.getClass().getSimpleName() + ")";
        return new GeneralSecurityException("KMS " + operation + " with " + keyArn + " failed: " + reason, e);
    }
}
