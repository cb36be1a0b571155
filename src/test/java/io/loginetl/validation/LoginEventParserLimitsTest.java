package io.loginetl.validation;

import static io.loginetl.validation.ParserFixtures.assertRejected;
import static io.loginetl.validation.ParserFixtures.assertValid;
import static io.loginetl.validation.ParserFixtures.json;
import static io.loginetl.validation.ParserFixtures.quote;
import static io.loginetl.validation.ParserFixtures.sample;
import static io.loginetl.validation.ParserFixtures.sampleWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.loginetl.validation.ParserFixtures.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Body-size and nesting limits of {@link LoginEventParser}. */
class LoginEventParserLimitsTest {

    private final LoginEventParser smallBodies = new LoginEventParser(new Limits(1024, 16));

    private static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The sample plus an ignored field of repeated {@code pad}, topped up with ASCII so the
     * body is exactly {@code bytes} long in UTF-8.
     */
    private static String bodyOfBytes(String pad, int bytes) {
        int free = bytes - utf8Bytes(sampleWith("pad", "\"\""));
        String value = pad.repeat(free / utf8Bytes(pad)) + "a".repeat(free % utf8Bytes(pad));
        String body = sampleWith("pad", quote(value));
        assertThat(utf8Bytes(body)).isEqualTo(bytes);
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00e9", "\u20ac", "\uD83D\uDE00"})
    void acceptsABodyOfExactlyTheLimit(String pad) {
        assertValid(smallBodies, bodyOfBytes(pad, 1024));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00e9", "\u20ac", "\uD83D\uDE00"})
    void rejectsABodyOneByteOverTheLimit(String pad) {
        assertRejected(smallBodies, bodyOfBytes(pad, 1025), RejectReason.TOO_LARGE, null);
    }

    @Test
    void countsUtf8BytesNotChars() {
        String body = bodyOfBytes("\u20ac", 1500);
        assertThat(body.length()).isLessThan(1024);
        assertRejected(smallBodies, body, RejectReason.TOO_LARGE, null);
    }

    @Test
    void rejectsHugeBodiesWithoutParsingThem() {
        assertRejected(smallBodies, "x".repeat(1_000_000), RejectReason.TOO_LARGE, null);
    }

    private String nested(int arrays) {
        return "[".repeat(arrays) + "]".repeat(arrays);
    }

    @Test
    void acceptsNestingUpToTheLimitInAnUnknownField() {
        // The top-level object is level 1, so 15 arrays inside it reach exactly 16.
        assertValid(sampleWith("extra", nested(15)));
    }

    @Test
    void rejectsDeepNestingEvenInFieldsWeIgnore() {
        assertRejected(sampleWith("extra", nested(16)), RejectReason.TOO_DEEP, null);
        assertRejected(sampleWith("extra", nested(10_000)), RejectReason.TOO_DEEP, null);
        String deepKnownField = sampleWith("user_id", "{\"a\":" + nested(20) + "}");
        assertRejected(deepKnownField, RejectReason.TOO_DEEP, null);
        assertRejected(nested(17), RejectReason.TOO_DEEP, null);
    }

    @Test
    void honoursAConfiguredDepth() {
        LoginEventParser flat = new LoginEventParser(new Limits(65536, 1));
        assertValid(flat, json(sample()));
        assertRejected(flat, sampleWith("extra", "[]"), RejectReason.TOO_DEEP, null);
    }

    @Test
    void longTokensUnderTheBodyLimitAreNotMistakenForDepth() {
        // Jackson's own limits (1000-digit numbers, 50000-char names) are lifted to body size.
        assertValid(sampleWith("extra", "1".repeat(5_000)));
        assertValid(sampleWith("extra", quote("x".repeat(60_000))));
        assertValid(sampleWith("k".repeat(60_000), "1"));
    }

    @Test
    void rejectsNonPositiveLimitsAtStartup() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoginEventParser(new Limits(0, 16)))
                .withMessageContaining("max-body-bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoginEventParser(new Limits(1024, 0)))
                .withMessageContaining("max-depth");
    }
}
