package io.loginetl.validation;

import static io.loginetl.validation.ParserFixtures.assertRejected;
import static io.loginetl.validation.ParserFixtures.json;
import static io.loginetl.validation.ParserFixtures.quote;
import static io.loginetl.validation.ParserFixtures.sample;
import static io.loginetl.validation.ParserFixtures.sampleWith;
import static io.loginetl.validation.ParserFixtures.sampleWithout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-field rules of {@link LoginEventParser}, reported in schema order. */
class LoginEventParserFieldTest {

    @Test
    void wrongMessageShapeIsReportedAsTheFirstMissingField() {
        assertRejected("{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}",
                RejectReason.MISSING_FIELD, "user_id");
        assertRejected("{}", RejectReason.MISSING_FIELD, "user_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "ip", "device_id"})
    void requiredFieldsMustBePresentAndNonNull(String field) {
        assertRejected(sampleWithout(field), RejectReason.MISSING_FIELD, field);
        assertRejected(sampleWith(field, "null"), RejectReason.MISSING_FIELD, field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "ip", "device_id"})
    void requiredFieldsMustNotBeBlank(String field) {
        // Blank is the same for every required field: nothing but Unicode White_Space (Whitespace).
        for (String blank : new String[] {"", " ", "\t\n ", "\u2003", "\u00a0", " \u2007\u202f\u3000\u0085"}) {
            assertRejected(sampleWith(field, quote(blank)), RejectReason.BLANK_FIELD, field);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "user_id|424", "user_id|true", "user_id|{}", "user_id|[\"a\"]", "ip|3338100615",
        "ip|[199,172,111,135]", "device_id|5934759280", "device_id|false", "device_type|1",
        "device_type|{\"os\":\"android\"}", "locale|7", "locale|[]", "app_version|2.3",
        "app_version|230", "app_version|{\"major\":2}"})
    void nonStringValuesAreWrongType(String field, String rawJson) {
        assertRejected(sampleWith(field, rawJson), RejectReason.WRONG_TYPE, field);
    }

    @ParameterizedTest(name = "{0} max {1}")
    @CsvSource({"user_id, 128", "device_type, 32", "locale, 32", "device_id, 256"})
    void rejectsValuesOverTheLimitInCodePoints(String field, int max) {
        assertRejected(sampleWith(field, quote("x".repeat(max + 1))), RejectReason.TOO_LONG, field);
        String emoji = "\uD83D\uDE00".repeat(max + 1);
        assertRejected(sampleWith(field, quote(emoji)), RejectReason.TOO_LONG, field);
    }

    @Test
    void deviceIdLengthIsMeasuredAfterStripping() {
        String body = sampleWith("device_id", quote("  " + "d".repeat(257) + "  "));
        assertRejected(body, RejectReason.TOO_LONG, "device_id");
        ParserFixtures.assertValid(sampleWith("device_id", quote("\u00a0\u3000" + "d".repeat(256) + "\u202f")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "ip", "device_id", "device_type", "locale", "app_version"})
    void rejectsNulCharactersInEveryStringField(String field) {
        assertRejected(sampleWith(field, "\"a\\u0000b\""), RejectReason.NUL_CHARACTER, field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "device_id", "device_type", "locale"})
    void rejectsLoneSurrogatesThatUtf8CannotCarry(String field) {
        assertRejected(sampleWith(field, "\"a\\ud800b\""), RejectReason.INVALID_TEXT, field);
        assertRejected(sampleWith(field, "\"\\udfff\""), RejectReason.INVALID_TEXT, field);
    }

    @Test
    void acceptsProperSurrogatePairs() {
        assertThat(ParserFixtures.assertValid(sampleWith("user_id", "\"a\\ud83d\\ude00b\"")).userId())
                .isEqualTo("a\uD83D\uDE00b");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"199.172.111", "256.1.1.1", "010.1.1.1", "1.2.3.4.5",
        "1.2.3.4%eth0", "fe80::1%eth0", ":::", "1::2::3", "12345::", "abcd", "localhost",
        "\u0661.2.3.4", "g::1", "203.0.113.7/24"})
    void rejectsInvalidIpsWithoutEchoingThem(String ip) {
        String body = sampleWith("ip", quote(ip));
        Rejection rejection = assertRejected(body, RejectReason.INVALID_IP, "ip");
        assertThat(rejection.code()).isEqualTo("invalid_ip:ip").doesNotContain(ip.strip());
    }

    /** The whitespace rule: ip and device_id lose Unicode whitespace at both ends, then are checked. */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @MethodSource("paddedIps")
    void ipIsStrippedOfSurroundingWhitespaceThenCanonicalised(String ip, String canonical) {
        assertThat(ParserFixtures.assertValid(sampleWith("ip", quote(ip))).canonicalIp()).isEqualTo(canonical);
    }

    static Stream<Arguments> paddedIps() {
        return Stream.of(
                arguments(" 1.2.3.4 ", "1.2.3.4"),
                arguments("\u00a01.2.3.4\u3000", "1.2.3.4"),
                arguments("\t199.172.111.135\r\n", "199.172.111.135"),
                arguments("\u2007\u202f2001:DB8:0:0::1\u0085", "2001:db8::1"),
                arguments("1.2.3.4", "1.2.3.4"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {" ", "   ", "\u00a0", "\u3000 \u2007", "\t\r\n"})
    void ipOfWhitespaceOnlyIsBlank(String ip) {
        assertRejected(sampleWith("ip", quote(ip)), RejectReason.BLANK_FIELD, "ip");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"1.2. 3.4", "1.2.3 .4", " 1.2.3.4 5 ", "1.2.3.\u00a04", "2001:db8:: 1",
        "2001:db8::\u30001", "1.2.3.4\u200b"})
    void whitespaceInsideAnIpIsStillInvalid(String ip) {
        Rejection rejection = assertRejected(sampleWith("ip", quote(ip)), RejectReason.INVALID_IP, "ip");
        assertThat(rejection.code()).isEqualTo("invalid_ip:ip");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @MethodSource("paddedDeviceIds")
    void deviceIdIsStrippedOfSurroundingUnicodeWhitespace(String deviceId, String canonical) {
        assertThat(ParserFixtures.assertValid(sampleWith("device_id", quote(deviceId))).canonicalDeviceId())
                .isEqualTo(canonical);
    }

    static Stream<Arguments> paddedDeviceIds() {
        return Stream.of(
                arguments("\u00a042\u2003", "42"),
                arguments(" \t593-47-5928\n ", "593-47-5928"),
                arguments("\u202f\u2007\u3000\u0085d-1\u00a0", "d-1"),
                arguments("\u00a04 2\u00a0", "4 2"),          // inside a device id, whitespace is data
                arguments("\u200b42\ufeff", "\u200b42\ufeff")); // zero-width characters are not whitespace
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "v2.3", "2.3.0.1", "2..3", "2.3.", "1234", "2.3-beta", " 2.3",
        "\u0662.\u0663"})
    void rejectsMalformedAppVersions(String version) {
        assertRejected(sampleWith("app_version", quote(version)),
                RejectReason.INVALID_APP_VERSION, "app_version");
    }

    @Test
    void reportsTheFirstProblemInSchemaOrderWhateverTheKeyOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("app_version", "\"bad\"");
        fields.put("locale", "1");
        fields.put("device_type", quote("x".repeat(33)));
        fields.put("device_id", "\"  \"");
        fields.put("ip", "\"not-an-ip\"");
        assertRejected(json(fields), RejectReason.MISSING_FIELD, "user_id");
        fields.put("user_id", "\"u\"");
        assertRejected(json(fields), RejectReason.INVALID_IP, "ip");
        fields.put("ip", "\"10.0.0.1\"");
        assertRejected(json(fields), RejectReason.BLANK_FIELD, "device_id");
        fields.put("device_id", "\"d\"");
        assertRejected(json(fields), RejectReason.TOO_LONG, "device_type");
        fields.put("device_type", "null");
        assertRejected(json(fields), RejectReason.WRONG_TYPE, "locale");
        fields.remove("locale");
        assertRejected(json(fields), RejectReason.INVALID_APP_VERSION, "app_version");
    }

    @Test
    void rejectionCodesNeverContainTheIpOrDeviceIdFromTheInput() {
        String ip = "203.0.113.254.9";
        String deviceId = "SECRET-DEVICE-" + "7".repeat(300);
        Map<String, String> fields = sample();
        fields.put("ip", quote(ip));
        Rejection badIp = assertRejected(json(fields), RejectReason.INVALID_IP, "ip");
        fields.put("ip", "\"203.0.113.254\"");
        fields.put("device_id", quote(deviceId));
        Rejection longDevice = assertRejected(json(fields), RejectReason.TOO_LONG, "device_id");
        for (Rejection rejection : new Rejection[] {badIp, longDevice}) {
            assertThat(rejection.code())
                    .doesNotContain(ip).doesNotContain("203.0.113")
                    .doesNotContain("SECRET").doesNotContain("777");
            assertThat(rejection.toString()).doesNotContain("203.0.113").doesNotContain("SECRET");
        }
    }

    @Test
    void codesAreStableStrings() {
        assertThat(Rejection.of(RejectReason.NOT_JSON).code()).isEqualTo("not_json");
        assertThat(Rejection.of(RejectReason.MISSING_FIELD, "user_id").code())
                .isEqualTo("missing_field:user_id");
        assertThat(Rejection.of(RejectReason.INVALID_APP_VERSION, "app_version").code())
                .isEqualTo("invalid_app_version:app_version");
    }
}
