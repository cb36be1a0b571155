package io.loginetl.masking;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Secret material for PII masking. */
@ConfigMapping(prefix = "etl")
public interface MaskingConfig {

    /**
     * ETL_MASKING_KEY: HMAC key, at least {@value Masker#MIN_KEY_BYTES} UTF-8 bytes; no default
     * outside dev/test. Optional here only so that {@link Masker} can fail with a clear message
     * instead of SmallRye's generic "missing property" error.
     */
    Optional<String> maskingKey();
}
