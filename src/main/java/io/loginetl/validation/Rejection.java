package io.loginetl.validation;

import java.util.Objects;

/**
 * A PII-free description of why an event was rejected, safe to log and to use as a metric tag.
 *
 * @param reason what was wrong
 * @param field  {@code null} for whole-document problems, otherwise one of our fixed schema names
 *               ({@code user_id}, {@code ip}, ...). Never a value, and never a key taken from the
 *               input: unknown keys are attacker-controlled and could carry PII.
 */
public record Rejection(RejectReason reason, String field) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
    }

    /** A rejection about the document as a whole (not JSON, too large, ...). */
    public static Rejection of(RejectReason reason) {
        return new Rejection(reason, null);
    }

    /** A rejection about one schema field. */
    public static Rejection of(RejectReason reason, String field) {
        return new Rejection(reason, Objects.requireNonNull(field, "field"));
    }

    /** Stable machine-readable code such as {@code not_json} or {@code missing_field:user_id}. */
    public String code() {
        String reasonCode = reason.tag();
        return field == null ? reasonCode : reasonCode + ':' + field;
    }
}
