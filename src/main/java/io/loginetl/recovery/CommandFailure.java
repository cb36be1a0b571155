package io.loginetl.recovery;

/**
 * A failure the operator can fix (a missing setting, an unknown id, a file that exists): reported as
 * one line, exit 1, no stack trace. Messages never hold a personal value or key material.
 */
public final class CommandFailure extends RuntimeException {

    public CommandFailure(String message) {
        super(message, null, false, false);
    }
}
