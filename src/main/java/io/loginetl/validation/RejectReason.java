package io.loginetl.validation;

import java.util.Locale;

/**
 * Why an event was rejected. The names are stable: they end up in metrics and log lines via
 * {@link Rejection#code()}, so renaming one is a breaking change for dashboards and alerts.
 */
public enum RejectReason {
    NOT_JSON,
    NOT_AN_OBJECT,
    TOO_LARGE,
    TOO_DEEP,
    DUPLICATE_FIELD,
    MISSING_FIELD,
    WRONG_TYPE,
    BLANK_FIELD,
    TOO_LONG,
    NUL_CHARACTER,
    /** A lone UTF-16 surrogate (from a JSON {@code \\uD800} escape): not text, and UTF-8 would turn it into '?'. */
    INVALID_TEXT,
    INVALID_IP,
    INVALID_APP_VERSION,
    /** Valid, but the database refused its row (a constraint of a pre-existing table); the SQL state follows the colon. */
    DATABASE_REJECTED;

    /** The lowercase name, as in codes, metric tags and {@code etl_rejections.reason} before any colon. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a code such as {@code missing_field:user_id} or {@code database_rejected:23502}. */
    public static RejectReason ofCode(String code) {
        int colon = code.indexOf(':');
        return valueOf((colon < 0 ? code : code.substring(0, colon)).toUpperCase(Locale.ROOT));
    }
}
