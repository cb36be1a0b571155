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

    private final SecretKeySpec key;
    private final Mac prototype;
    // Mac is stateful and not thread-safe; a per-thread copy avoids both locking and the provider
    // lookup of Mac.getInstance on every call.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newThreadMac);

    @Inject
    public Masker(EtlConfig config) {
        this(config.masking());
    }

    /** Fails like the constructor, naming the variable, for a start-up that checks settings before anything else. */
    public static void check(EtlConfig.Masking config) {
        keyFrom(config.key());
    }

    public Masker(EtlConfig.Masking config) {
        this.key = keyFrom(config.key());
        this.prototype = initializedMac(key);
    }

    /** Lowercase hex HMAC-SHA256 (64 chars) of the UTF-8 bytes of {@code canonicalValue}. */
    public String mask(String canonicalValue) {
        Objects.requireNonNull(canonicalValue, "value to mask");
        // doFinal also resets the Mac, leaving it ready for this thread's next call.
        return HEX.formatHex(macs.get().doFinal(canonicalValue.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "Masker[" + ALGORITHM + ", key=<redacted>]";
    }

    private static SecretKeySpec keyFrom(Optional<String> configured) {
        String value = configured
                .filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalStateException(KEY_SETTING
                        + " is not set; configure a secret of at least " + MIN_KEY_BYTES
                        + " UTF-8 bytes"));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try {
            // Deliberately neither the key nor its length: both help an attacker who reads logs.
            if (bytes.length < MIN_KEY_BYTES) {
                throw new IllegalStateException(KEY_SETTING
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
