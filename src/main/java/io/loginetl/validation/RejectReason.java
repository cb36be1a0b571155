package io.loginetl.validation;

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
    INVALID_APP_VERSION
}
