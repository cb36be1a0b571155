package io.loginetl.support;

import io.loginetl.config.EtlConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one retry helper: runs an operation until it succeeds, fails with a non-retryable
 * exception, or {@code keepTrying} turns false. Backoff doubles from the initial pause up to the
 * bound, with ±20 % jitter so concurrent receivers do not hammer a recovering server in step.
 * <p>
 * One log line per back-off cycle, not per attempt: a cycle is the time the pause takes to climb
 * from the initial pause to the bound (the sum of those pauses), so a long outage logs every such
 * interval with the attempts counted, while a short one logs its first failure and its recovery.
 * A failure the caller's {@code permanent} classifier names (a missing table, say) is an ERROR with
 * what to fix; it is still retried, since the fix needs no restart.
 */
public final class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private final Duration initial;
    private final Duration max;
    /** Attempts that failed and were tried again: the retries metric of one dependency. */
    private final LongAdder retried;
    private final Function<Exception, Optional<String>> permanent;

    public Retry(Duration initial, Duration max) {
        this(initial, max, new LongAdder(), e -> Optional.empty());
    }

    private Retry(Duration initial, Duration max, LongAdder retried, Function<Exception, Optional<String>> permanent) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry backoff must satisfy 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.retried = retried;
        this.permanent = permanent;
    }

    public static Retry of(EtlConfig.Retry config) {
        return new Retry(config.initialBackoff(), config.maxBackoff());
    }

    /** The same backoff, counting every retried attempt into {@code retries} (one adder per dependency). */
    public Retry counting(LongAdder retries) {
        return new Retry(initial, max, retries, permanent);
    }

    /** The same backoff, logging failures that {@code problem} explains as ERRORs with its explanation. */
    public Retry explaining(Function<Exception, Optional<String>> problem) {
        return new Retry(initial, max, retried, problem);
    }

    /** How long the pause takes to climb from the initial pause to the bound: one log line per such interval. */
    public Duration cycle() {
        long total = 0;
        for (long pause = initial.toMillis(); ; pause *= 2) {
            total += Math.min(pause, max.toMillis());
            if (pause >= max.toMillis()) {
                return Duration.ofMillis(total);
            }
        }
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
        long cycleNanos = TimeUnit.MILLISECONDS.toNanos(cycle().toMillis());
        long loggedAt = 0;
        int unlogged = 0;
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
                retried.increment();
                long now = System.nanoTime();
                if (attempt == 1 || now - loggedAt >= cycleNanos) {
                    log(what, attempt, unlogged, e);
                    loggedAt = now;
                    unlogged = 0;
                } else {
                    unlogged++;
                }
                sleep(jitter(pauseMillis));
                pauseMillis = Math.min(pauseMillis * 2, max.toMillis());
            }
        }
    }

    private void log(String what, int attempt, int unlogged, Exception e) {
        String since = unlogged == 0 ? "" : ", " + unlogged + " more since the last line";
        Optional<String> problem = permanent.apply(e);
        if (problem.isPresent()) {
            LOG.errorf("%s failed and will until someone acts: %s (attempt %d%s; still retrying, nothing is deleted"
                    + " meanwhile): %s", what, problem.get(), attempt, since, Failures.describe(e));
        } else {
            LOG.warnf("%s failed (attempt %d%s; retrying with backoff up to %d ms): %s",
                    what, attempt, since, max.toMillis(), Failures.describe(e));
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
