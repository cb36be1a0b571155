package io.loginetl.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppVersionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2.3.0, 2003000",
        "3.7, 3007000",
        "0.96, 96000",
        "0.9.5, 9005",
        "10, 10000000",
        "0, 0",
        "1.2.3, 1002003",
        "01.002.003, 1002003",
        "999.999.999, 999999999",
    })
    void encodes(String version, int expected) {
        assertThat(AppVersions.encode(version)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullSource
    @ValueSource(strings = {
        "", ".", "1.", ".1", "1..2", "1.2.3.4", "1234", "1.2345", "v1", "1.2-beta", " 1.2", "1.2 ",
        "-1", "+1", "1,2", "1e3", "\u0662.\u0663", "\uff11.2", "1.2.\u0000",
    })
    void rejectsMalformedVersionsWithoutEchoingThem(String version) {
        assertThat(AppVersions.tryEncode(version)).isEqualTo(AppVersions.INVALID);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AppVersions.encode(version))
                .satisfies(e -> {
                    if (version != null && !version.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(version);
                    }
                });
    }

    @Test
    void preservesVersionOrder() {
        assertThat(AppVersions.encode("3.7"))
                .isGreaterThan(AppVersions.encode("0.96"))
                .isGreaterThan(AppVersions.encode("0.9.5"));
        assertThat(AppVersions.encode("0.96")).isGreaterThan(AppVersions.encode("0.9.5"));
        assertThat(AppVersions.encode("1.10")).isGreaterThan(AppVersions.encode("1.9.999"));
        assertThat(AppVersions.encode("2")).isEqualTo(AppVersions.encode("2.0.0"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "3007000, 3.7.0",
        "2003000, 2.3.0",
        "96000, 0.96.0",
        "0, 0.0.0",
        "999999999, 999.999.999",
    })
    void decodes(int code, String expected) {
        assertThat(AppVersions.decode(code)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.7", "0.96", "0.9.5", "10", "2.3.0", "999.999.999"})
    void roundTrips(String version) {
        int code = AppVersions.encode(version);
        assertThat(AppVersions.encode(AppVersions.decode(code))).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1_000_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void decodeRejectsCodesNoVersionProduces(int code) {
        assertThatIllegalArgumentException().isThrownBy(() -> AppVersions.decode(code));
    }
}
