package io.loginetl.validation;

import java.util.Objects;

/**
 * Outcome of {@link LoginEventParser#parse(String)}. Bad input is an expected outcome on this
 * path, so it is a value to switch on rather than an exception.
 */
public sealed interface ParseResult {

    /** The body is a valid login event. */
    record Valid(LoginEvent event) implements ParseResult {
        public Valid {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The body was rejected; the rejection is safe to log. */
    record Invalid(Rejection rejection) implements ParseResult {
        public Invalid {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
