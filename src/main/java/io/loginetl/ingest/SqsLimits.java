package io.loginetl.ingest;

import io.loginetl.config.EtlConfig;

import java.time.Duration;

/**
 * The settings SQS takes in whole seconds within fixed ranges. Checked before the first call:
 * a 500 ms wait would silently become a short poll and a sub-second visibility timeout 0, while
 * the heartbeat and the drain gate time themselves to the nanosecond.
 */
public final class SqsLimits {

    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private SqsLimits() {
    }

    /** @throws IllegalStateException naming the variable of the first setting out of range */
    public static void check(EtlConfig config) {
        EtlConfig.Receive receive = config.receive();
        wholeSeconds("ETL_RECEIVE_VISIBILITY_TIMEOUT", receive.visibilityTimeout(), Duration.ofSeconds(1), MAX_VISIBILITY);
        wholeSeconds("ETL_RECEIVE_WAIT_TIME", receive.waitTime(), Duration.ZERO, MAX_WAIT);
        wholeSeconds("ETL_DRAIN_WAIT_TIME", config.drain().waitTime(), Duration.ZERO, MAX_WAIT);
        if (receive.maxHoldTime().compareTo(MAX_VISIBILITY) > 0 || receive.maxHoldTime().compareTo(receive.visibilityTimeout()) < 0) {
            throw new IllegalStateException("ETL_RECEIVE_MAX_HOLD_TIME must lie between ETL_RECEIVE_VISIBILITY_TIMEOUT and 12h");
        }
        if (receive.maxMessages() < 1 || receive.maxMessages() > 10) {
            throw new IllegalStateException("ETL_RECEIVE_MAX_MESSAGES must be between 1 and 10");
        }
    }

    private static void wholeSeconds(String variable, Duration value, Duration min, Duration max) {
        if (value.toMillis() % 1000 != 0 || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalStateException(variable + " must be a whole number of seconds from " + min.toSeconds()
                    + "s to " + max.toSeconds() + "s (SQS counts it in seconds)");
        }
    }
}
