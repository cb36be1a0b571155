package io.loginetl.validation;

import io.loginetl.config.EtlConfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Body builders and assertions shared by the parser tests. */
final class ParserFixtures {

    record Limits(int maxBodyBytes, int maxDepth) implements EtlConfig.Validation {}

    static final LoginEventParser PARSER = new LoginEventParser(new Limits(65536, 16));

    /** Codes may only be built from reason names and schema field names: no room for input. */
    static final String CODE_PATTERN =
            "[a-z_]+(:(user_id|ip|device_id|device_type|locale|app_version))?";

    private ParserFixtures() {}

    /** The sample event from the SQS queue, as raw JSON values by key. */
    static Map<String, String> sample() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("user_id", "\"424cdd21-063a-43a7-b91b-7ca1a833afae\"");
        fields.put("app_version", "\"2.3.0\"");
        fields.put("device_type", "\"android\"");
        fields.put("ip", "\"199.172.111.135\"");
        fields.put("locale", "\"RU\"");
        fields.put("device_id", "\"593-47-5928\"");
        return fields;
    }

    static String json(Map<String, String> rawFields) {
        return rawFields.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String sampleWith(String key, String rawJsonValue) {
        Map<String, String> fields = sample();
        fields.put(key, rawJsonValue);
        return json(fields);
    }

    static String sampleWithout(String key) {
        Map<String, String> fields = sample();
        fields.remove(key);
        return json(fields);
    }

    /** JSON string literal; control characters as \\u escapes so the JSON itself stays valid. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }

    static LoginEvent assertValid(LoginEventParser parser, String body) {
        ParseResult result = parser.parse(body);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).event();
    }

    static LoginEvent assertValid(String body) {
        return assertValid(PARSER, body);
    }

    static Rejection assertRejected(
            LoginEventParser parser, String body, RejectReason reason, String field) {
        ParseResult result = parser.parse(body);
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        Rejection rejection = ((ParseResult.Invalid) result).rejection();
        assertThat(rejection).isEqualTo(new Rejection(reason, field));
        assertThat(rejection.code()).matches(CODE_PATTERN);
        return rejection;
    }

    static Rejection assertRejected(String body, RejectReason reason, String field) {
        return assertRejected(PARSER, body, reason, field);
    }
}
