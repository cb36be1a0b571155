package io.loginetl.masking;

import io.loginetl.config.EtlConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks PII as lowercase hex HMAC-SHA256 under a secret key: stable, so equal inputs can still
 * be joined and counted, but not reversible or brute-forceable without the key (a plain hash of
 * an IPv4 address could be reversed by trying all 2^32 of them).
 *
 * <p>Start-up ({@code startup/StartupSequence}) calls {@link #check} first, so a missing or weak key
 * fails the deployment with one line instead of the first event. Thread-safe.
 */
@Singleton
public final class Masker {

    /** Minimum key size: HMAC-SHA256 keys shorter than the 32-byte digest weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String KEY_SETTING = "ETL_MASKING_KEY (etl.masking.key)";
    private static final HexFormat HEX = HexFormat.of();

    /** Input of the key id: any fixed text, so the id is a fingerprint of the key and of nothing else. */
    private static final byte[] KEY_ID_INPUT = "login-etl key id".getBytes(StandardCharsets.UTF_8);
    /** Bytes of the key id: 64 bits make two keys' ids collide about never, and tell nothing of the key. */
    private static final int KEY_ID_BYTES = 8;

    private final SecretKeySpec key;
    private final Mac prototype;
    private final String keyId;
    // Mac is stateful and not thread-safe; a per-thread copy avoids both locking and the provider
    // lookup of Mac.getInstance on every call.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newThreadMac);

    @Inject
    public Masker(EtlConfig config) {
        this(config.masking());
    }

    /** Fails like the constructor, naming the variable, for a start-up that checks settings before anything else. */
    public static void check(EtlConfig.Masking config) {
        keyFrom(config.key(), KEY_SETTING);
    }

    public Masker(EtlConfig.Masking config) {
        this(config.key(), KEY_SETTING);
    }

    /** A masker for one key; {@code setting} names where the key came from in error messages (never its value). */
    public Masker(Optional<String> key, String setting) {
        this.key = keyFrom(key, setting);
        this.prototype = initializedMac(this.key);
        this.keyId = HEX.formatHex(Arrays.copyOf(newThreadMac().doFinal(KEY_ID_INPUT), KEY_ID_BYTES));
    }

    /**
     * The non-secret id of this key, stored with every row it masked ({@code mask_key_id}): the
     * first {@value #KEY_ID_BYTES} bytes of HMAC(key, "login-etl key id") in hex. Stable for a key,
     * different for another, and as hard to invert as any other mask.
     */
    public String keyId() {
        return keyId;
    }

    /** Lowercase hex HMAC-SHA256 (64 chars) of the UTF-8 bytes of {@code canonicalValue}. */
    public String mask(String canonicalValue) {
        Objects.requireNonNull(canonicalValue, "value to mask");
        // doFinal also resets the Mac, leaving it ready for this thread's next call.
        return HEX.formatHex(macs.get().doFinal(canonicalValue.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "Masker[" + ALGORITHM + ", key id " + keyId + "]";
    }

    private static SecretKeySpec keyFrom(Optional<String> configured, String setting) {
        String value = configured
                .filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(setting
                        + " is not set; configure a secret of at least " + MIN_KEY_BYTES
                        + " UTF-8 bytes"));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try {
            // Deliberately neither the key nor its length: both help an attacker who reads logs.
            if (bytes.length < MIN_KEY_BYTES) {
                throw new IllegalStateException(setting
                        + " is too short; it must be at least " + MIN_KEY_BYTES + " UTF-8 bytes");
            }
            return new SecretKeySpec(bytes, ALGORITHM); // copies the array
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static Mac initializedMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is unavailable in this JVM", e);
        }
    }

    private Mac newThreadMac() {
        // Cloning an initialised Mac skips key setup; the prototype is only ever read by clone,
        // but the lock keeps that safe even for providers whose clone is not.
        synchronized (prototype) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return initializedMac(key);
            }
        }
    }
}
