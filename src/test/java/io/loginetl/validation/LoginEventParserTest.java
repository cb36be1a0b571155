package io.loginetl.validation;

import static io.loginetl.validation.ParserFixtures.assertRejected;
import static io.loginetl.validation.ParserFixtures.assertValid;
import static io.loginetl.validation.ParserFixtures.json;
import static io.loginetl.validation.ParserFixtures.quote;
import static io.loginetl.validation.ParserFixtures.sample;
import static io.loginetl.validation.ParserFixtures.sampleWith;
import static io.loginetl.validation.ParserFixtures.sampleWithout;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid events and whole-document rejections; field rules are in LoginEventParserFieldTest. */
class LoginEventParserTest {

    @Nested
    class ValidEvents {

        @Test
        void parsesTheSampleEvent() {
            LoginEvent event = assertValid(json(sample()));
            assertThat(event).isEqualTo(new LoginEvent("424cdd21-063a-43a7-b91b-7ca1a833afae",
                    "android", "199.172.111.135", "593-47-5928", "RU", 2_003_000));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"3.7, 3007000", "0.96, 96000", "10, 10000000"})
        void encodesShortVersions(String version, int expected) {
            assertThat(assertValid(sampleWith("app_version", quote(version))).appVersion())
                    .isEqualTo(expected);
        }

        @Test
        void optionalFieldsMayBeNullOrAbsent() {
            assertThat(assertValid(sampleWith("locale", "null")).locale()).isNull();
            assertThat(assertValid(sampleWithout("device_type")).deviceType()).isNull();
            assertThat(assertValid(sampleWith("app_version", "null")).appVersion()).isNull();
            assertThat(assertValid(sampleWithout("app_version")).appVersion()).isNull();
        }

        @Test
        void canonicalisesIpv6() {
            assertThat(assertValid(sampleWith("ip", "\"2001:0DB8:0:0::0001\"")).canonicalIp())
                    .isEqualTo("2001:db8::1");
            assertThat(assertValid(sampleWith("ip", "\"::ffff:1.2.3.4\"")).canonicalIp())
                    .isEqualTo("::ffff:102:304");
        }

        @Test
        void ignoresUnknownFieldsOfAnyShape() {
            Map<String, String> fields = sample();
            fields.put("extra", "{\"nested\":[1,2,{\"deep\":true}],\"user_id\":5}");
            fields.put("numbers", "[1e400, -0.5, 123456789012345678901234567890]");
            fields.put("User_Id", "42");
            assertThat(assertValid(json(fields))).isEqualTo(assertValid(json(sample())));
        }

        @Test
        void stripsDeviceIdButKeepsOtherFieldsVerbatim() {
            Map<String, String> fields = sample();
            fields.put("device_id", quote(" \t593-47-5928\n "));
            fields.put("user_id", quote(" u1 "));
            fields.put("locale", quote(" ru "));
            LoginEvent event = assertValid(json(fields));
            assertThat(event.canonicalDeviceId()).isEqualTo("593-47-5928");
            assertThat(event.userId()).isEqualTo(" u1 ");
            assertThat(event.locale()).isEqualTo(" ru ");
        }

        @Test
        void lengthLimitsCountCodePointsNotUtf16Chars() {
            String emoji128 = "\uD83D\uDE00".repeat(128);
            assertThat(emoji128).hasSize(256);
            LoginEvent event = assertValid(sampleWith("user_id", quote(emoji128)));
            assertThat(event.userId()).isEqualTo(emoji128);
            assertValid(sampleWith("user_id", quote("a".repeat(128))));
            assertValid(sampleWith("device_type", quote("\u00e9".repeat(32))));
            assertValid(sampleWith("locale", quote("\uD83D\uDE00".repeat(32))));
            assertValid(sampleWith("device_id", quote(" " + "d".repeat(256) + " ")));
        }

        @Test
        void acceptsTrailingWhitespaceAfterTheObject() {
            assertValid(" \n" + json(sample()) + " \r\n\t");
        }
    }

    @Nested
    class StructureRejections {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"", " ", "\n", "hello", "{", "}", "{\"user_id\":}", "<xml/>",
            "{'user_id':'x'}", "{\"a\":1,}", "[1,", "\"unterminated", "nul", "{\"a\":\"\u0001\"}",
            "{\"a\":NaN}", "{\"a\":1 /* c */}"})
        void rejectsMalformedJson(String body) {
            assertRejected(body, RejectReason.NOT_JSON, null);
        }

        @Test
        void rejectsNullBody() {
            assertRejected(null, RejectReason.NOT_JSON, null);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"[]", "[1,{\"user_id\":\"x\"}]", "\"a string\"", "42", "-1.5e3",
            "true", "null"})
        void rejectsNonObjectJson(String body) {
            assertRejected(body, RejectReason.NOT_AN_OBJECT, null);
        }

        @ParameterizedTest(name = "[{index}] trailing {0}")
        @ValueSource(strings = {"x", "}", ",", "{}", "[]", "1", "\"s\"", "null"})
        void rejectsAnythingAfterTheObject(String trailer) {
            assertRejected(json(sample()) + " " + trailer, RejectReason.NOT_JSON, null);
        }

        @Test
        void rejectsDuplicateKeysAnywhere() {
            String body = json(sample());
            String dupKnown = body.replace("{", "{\"user_id\":\"someone-else\",");
            assertRejected(dupKnown, RejectReason.DUPLICATE_FIELD, null);
            String dupUnknown = body.replace("{", "{\"x\":1,\"x\":2,");
            assertRejected(dupUnknown, RejectReason.DUPLICATE_FIELD, null);
            String dupNested = sampleWith("x", "{\"a\":1,\"a\":1}");
            assertRejected(dupNested, RejectReason.DUPLICATE_FIELD, null);
        }

        @Test
        void structuralProblemsWinOverFieldProblems() {
            assertRejected("{\"user_id\":1,\"user_id\":2}", RejectReason.DUPLICATE_FIELD, null);
            assertRejected("{\"user_id\":1} x", RejectReason.NOT_JSON, null);
        }
    }
}
