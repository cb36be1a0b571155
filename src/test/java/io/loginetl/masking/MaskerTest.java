package io.loginetl.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskerTest {

    private static final String KEY = "login-etl-test-key-0123456789abcdef"; // 35 bytes
    private static final String CYRILLIC_KEY = "ключ-для-маскирования-пользователей"; // 35 chars, 67 bytes

    private static Masker masker(String key) {
        return new Masker(Optional.ofNullable(key), "ETL_MASKING_KEY (etl.masking.key)");
    }

    @Test
    void matchesOpensslHmacSha256() {
        // Expected values from: printf '%s' VALUE | openssl dgst -sha256 -hmac KEY
        Masker masker = masker(KEY);
        assertThat(masker.mask("199.172.111.135"))
                .isEqualTo("c2377f2ebecf91e1c3fa1e2a7328ec732767a7b37271b94e30f4c4b31126a26f");
        assertThat(masker.mask("::ffff:1.2.3.4"))
                .isEqualTo("a0f40a6d1d113e1c9e08a0705a26182c6e2e857e6a793c4944e444867d608857");
        assertThat(masker.mask(""))
                .isEqualTo("fb8ee1ccbff690d489a6089857b0ea5f868eb5e7cc00ec90ab08ae6e543c3763");
    }

    @Test
    void usesUtf8BytesOfKeyAndValue() {
        assertThat(masker(CYRILLIC_KEY).mask("Grüße"))
                .isEqualTo("3094e4a03240870ae822fbe836021080b70e0b06894dcb8139b280e725534359");
    }

    @Test
    void producesLowercaseHexOf64Chars() {
        assertThat(masker(KEY).mask("593-47-5928")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void equalInputsMaskEqualAndDifferentInputsDiffer() {
        Masker masker = masker(KEY);
        assertThat(masker.mask("2001:db8::1")).isEqualTo(masker.mask("2001:db8::1"));
        assertThat(masker.mask("2001:db8::1")).isEqualTo(masker(KEY).mask("2001:db8::1"));
        assertThat(masker.mask("2001:db8::1")).isNotEqualTo(masker.mask("2001:db8::2"));
    }

    @Test
    void differentKeysMaskDifferently() {
        String other = KEY.replace('0', '1');
        assertThat(masker(KEY).mask("1.2.3.4")).isNotEqualTo(masker(other).mask("1.2.3.4"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "   "})
    void missingKeyFailsNamingTheSetting(String key) {
        assertThatIllegalStateException()
                .isThrownBy(() -> masker(key))
                .withMessageContaining("ETL_MASKING_KEY (etl.masking.key)");
        assertThatIllegalStateException()
                .isThrownBy(() -> masker(null))
                .withMessageContaining("ETL_MASKING_KEY (etl.masking.key)");
    }

    @Test
    void shortKeyFailsWithoutRevealingKeyOrLength() {
        String shortKey = "k".repeat(Masker.MIN_KEY_BYTES - 1);
        assertThatIllegalStateException()
                .isThrownBy(() -> masker(shortKey))
                .withMessageContaining("ETL_MASKING_KEY (etl.masking.key)")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(shortKey)
                        .doesNotContain("kkk")
                        .doesNotContain(String.valueOf(shortKey.length())));
    }

    @Test
    void keyLengthIsCountedInUtf8Bytes() {
        String sixteenCyrillicChars = "ж".repeat(16); // 32 bytes
        assertThat(masker(sixteenCyrillicChars).mask("x")).hasSize(64);
        String fifteenCyrillicChars = "ж".repeat(15); // 30 bytes
        assertThatIllegalStateException().isThrownBy(() -> masker(fifteenCyrillicChars));
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(masker(KEY).toString())
                .doesNotContain(KEY)
                .doesNotContain("login-etl-test-key")
                .doesNotContain("0123456789");
    }

    @Test
    void isThreadSafe() {
        Masker masker = masker(KEY);
        List<String> inputs = IntStream.range(0, 20_000)
                .mapToObj(i -> "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                .collect(Collectors.toList());
        List<String> sequential = inputs.stream().map(masker::mask).collect(Collectors.toList());
        List<String> parallel =
                inputs.parallelStream().map(masker::mask).collect(Collectors.toList());
        assertThat(parallel).isEqualTo(sequential);
        assertThat(masker(KEY).mask(inputs.get(12_345))).isEqualTo(sequential.get(12_345));
    }
}
