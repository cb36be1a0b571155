package io.loginetl.support;

import io.loginetl.config.EtlConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one retry helper: runs an operation until it succeeds, fails with a non-retryable
 * exception, or {@code keepTrying} turns false. Backoff doubles from the initial pause up to the
 * bound, with ±20 % jitter so concurrent receivers do not hammer a recovering server in step.
 */
public final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private final Duration initial;
    private final Duration max;

    public Retry(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry backoff must satisfy 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
    }

    public static Retry of(EtlConfig.Retry config) {
        return new Retry(config.initialBackoff(), config.maxBackoff());
    }

    /**
     * @param what        short description for the log (never data)
     * @param isRetryable which failures are transient
     * @param keepTrying  false once the caller is shutting down; the last failure is then rethrown
     * @throws GaveUpException wrapping the last failure when it is not retryable or keepTrying is false
     * @throws InterruptedException when interrupted while backing off (the flag is restored first)
     */
    public <T> T call(String what, Callable<T> operation, Predicate<Exception> isRetryable, BooleanSupplier keepTrying)
            throws GaveUpException, InterruptedException {
        long pauseMillis = initial.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                T result = operation.call();
                if (attempt > 1) {
                    LOG.infof("%s recovered after %d attempts", what, attempt);
                }
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (Exception e) {
                if (!isRetryable.test(e) || !keepTrying.getAsBoolean()) {
                    throw new GaveUpException(what, attempt, e);
                }
                LOG.warnf("%s failed (attempt %d, retrying in %d ms): %s", what, attempt, pauseMillis, Failures.describe(e));
                sleep(jitter(pauseMillis));
                pauseMillis = Math.min(pauseMillis * 2, max.toMillis());
            }
        }
    }

    private static long jitter(long millis) {
        return (long) (millis * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private static void sleep(long millis) throws InterruptedException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** The operation failed for good; the cause is the last failure. */
    public static final class GaveUpException extends Exception {
        GaveUpException(String what, int attempts, Exception cause) {
            super(what + " failed after " + attempts + " attempt(s): " + Failures.describe(cause), cause);
        }
    }
}
