package io.loginetl.startup;

/**
 * A start-up problem an operator fixes with a setting (a missing key, a wrong password, no such
 * queue, an unreachable database): reported as one line naming the setting, exit 1, no stack trace.
 * Anything else that fails at start is a bug and keeps its stack trace.
 */
public final class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message, null, false, false);
    }
}
