package io.loginetl.masking;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Key ids and the previous keys of a rotation. */
class MaskingKeysTest {

    private static final String OLD = "old-login-etl-masking-key-0123456789";
    private static final String NEW = "new-login-etl-masking-key-0123456789";

    private static Masker masker(String key) {
        return new Masker(Optional.of(key), "ETL_MASKING_KEY (etl.masking.key)");
    }

    @Test
    void theKeyIdIsTheFirstEightBytesOfTheKeysHmacOfAFixedText() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(NEW.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("login-etl key id".getBytes(StandardCharsets.UTF_8))).substring(0, 16);

        assertThat(masker(NEW).keyId()).isEqualTo(expected).hasSize(16);
        assertThat(masker(NEW).keyId()).as("stable across instances").isEqualTo(masker(NEW).keyId());
        assertThat(masker(OLD).keyId()).isNotEqualTo(masker(NEW).keyId());
        assertThat(masker(NEW).toString()).doesNotContain(NEW);
    }

    @Test
    void lookUpsFingerprintUnderTheCurrentKeyFirstThenEveryPreviousOne() {
        MaskingKeys keys = new MaskingKeys(masker(NEW), List.of(OLD));

        assertThat(keys.valid()).extracting(k -> k.mask("1.2.3.4"))
                .containsExactly(masker(NEW).mask("1.2.3.4"), masker(OLD).mask("1.2.3.4"));
        assertThat(keys.current().keyId()).isEqualTo(masker(NEW).keyId());
        assertThat(new MaskingKeys(masker(NEW), List.of()).valid()).hasSize(1);
    }

    @Test
    void aPreviousKeyIsValidatedLikeTheCurrentOneAndNamedByPositionNeverByValue() {
        assertThatIllegalStateException().isThrownBy(() -> new MaskingKeys(masker(NEW), List.of(OLD, "short-old-key")))
                .withMessageContaining("ETL_MASKING_PREVIOUS_KEYS (etl.masking.previous-keys) entry 2 is too short")
                .withMessageNotContaining("short-old-key");
    }
}
