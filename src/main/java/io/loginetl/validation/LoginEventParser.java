package io.loginetl.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.loginetl.config.EtlConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Turns an SQS message body into a {@link LoginEvent} or a PII-free {@link Rejection}.
 *
 * <p>Uses Jackson's streaming parser so size and depth limits apply before any value is
 * materialised, and unknown fields are skipped without building objects. Thread-safe: the only
 * shared state is the immutable {@link JsonFactory}.
 */
@Singleton
public final class LoginEventParser {

    // Jackson has no dedicated exception type for duplicates; this prefix of its (input-echoing)
    // message is the only signal. LoginEventParserTest pins it so a Jackson upgrade cannot silently
    // turn DUPLICATE_FIELD into NOT_JSON.
    private static final String DUPLICATE_MESSAGE_PREFIX = "Duplicate field";

    private final int maxBodyBytes;
    private final JsonFactory factory;

    @Inject
    public LoginEventParser(EtlConfig config) {
        this(config.validation());
    }

    public LoginEventParser(EtlConfig.Validation config) {
        this.maxBodyBytes = requirePositive(config.maxBodyBytes(), "etl.validation.max-body-bytes");
        int maxDepth = requirePositive(config.maxDepth(), "etl.validation.max-depth");
        // The body-size check already bounds every token, so the other limits are lifted to the
        // body size: that way the only StreamConstraintsException left means "too deep".
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxNumberLength(maxBodyBytes)
                .maxStringLength(maxBodyBytes)
                .maxNameLength(maxBodyBytes)
                .build();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Jackson messages are never surfaced, but keep input out of them regardless.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /** Parses and validates one message body; never throws for bad input. */
    public ParseResult parse(String body) {
        if (body == null || body.isEmpty()) {
            return invalid(RejectReason.NOT_JSON);
        }
        if (Utf8.exceeds(body, maxBodyBytes)) {
            return invalid(RejectReason.TOO_LARGE);
        }
        try (JsonParser parser = factory.createParser(body)) {
            return read(parser);
        } catch (StreamConstraintsException e) {
            return invalid(RejectReason.TOO_DEEP);
        } catch (JsonParseException e) {
            return invalid(isDuplicate(e) ? RejectReason.DUPLICATE_FIELD : RejectReason.NOT_JSON);
        } catch (JsonProcessingException e) {
            return invalid(RejectReason.NOT_JSON);
        } catch (IOException e) {
            // A String source does no I/O; treat anything else as unreadable input.
            return invalid(RejectReason.NOT_JSON);
        }
    }

    private static ParseResult read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return invalid(RejectReason.NOT_JSON);
        }
        if (first != JsonToken.START_OBJECT) {
            // Read to the end so malformed or too-deep input is still reported as such.
            parser.skipChildren();
            return parser.nextToken() == null
                    ? invalid(RejectReason.NOT_AN_OBJECT)
                    : invalid(RejectReason.NOT_JSON);
        }
        RawFields raw = new RawFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Field field = Field.byJsonName(parser.currentName());
            JsonToken value = parser.nextToken();
            if (field == null) {
                parser.skipChildren(); // still tokenised, so depth and syntax stay enforced
                continue;
            }
            switch (value) {
                case VALUE_STRING -> raw.putString(field, parser.getText());
                case VALUE_NULL -> { } // same as absent
                default -> {
                    raw.markWrongType(field);
                    parser.skipChildren();
                }
            }
        }
        if (parser.nextToken() != null) {
            return invalid(RejectReason.NOT_JSON); // a second value after the object
        }
        return FieldChecks.check(raw);
    }

    private static boolean isDuplicate(JsonParseException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith(DUPLICATE_MESSAGE_PREFIX);
    }

    private static ParseResult invalid(RejectReason reason) {
        return new ParseResult.Invalid(Rejection.of(reason));
    }

    private static int requirePositive(int value, String property) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive");
        }
        return value;
    }
}
