package io.loginetl.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many receivers long-poll at once: the level, between a floor and the configured maximum.
 * Receivers are numbered from 1; those above the level park. Each receive moves the level:
 * <ul>
 * <li>a full receive (as many messages as asked) raises it by one while the window has room for
 *     another receive and the queue answers about as fast as it did unloaded: the backlog is
 *     deeper than the receivers in flight can fetch in one round trip, so one more poll adds
 *     throughput. Each full receive adds one, so at a long round trip the level doubles per trip;</li>
 * <li>a receive with fewer than half the messages asked, or none, lowers it by one: the queue is
 *     nearly drained, and fewer polls fill each response better (every receive is a billed request);</li>
 * <li>a full receive while the queue answers much slower than its fastest recent full receive lowers
 *     it by one, at most once per round of {@code level} receives: the server, or the machine, is
 *     saturated and another poll would only queue behind the others (on loopback this is what keeps
 *     the level at what the cores can serve).</li>
 * </ul>
 * Only full receives are timed: an emptier one may have waited in its long poll.
 */
public final class ReceiveConcurrency {

    /** Slower than this many times the fastest recent full receive (plus {@link #SLACK_NANOS}) counts as saturated. */
    static final double SATURATED_FACTOR = 2.0;
    /** Below a millisecond the loopback's scheduling noise dominates; no saturation signal from it. */
    static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The fastest-receive baseline covers this period and the one before, so it follows a network that changes. */
    static final long BASELINE_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Weight of the newest full receive in the smoothed latency. */
    private static final double SMOOTHING = 0.2;

    private final int floor;
    private final int maximum;
    private final LongSupplier nanoClock;
    private int level;
    private boolean released;
    /** Full receives to wait before the next saturation step. */
    private int cooldown;
    private double smoothedNanos = -1;
    private long fastestThisPeriod = Long.MAX_VALUE;
    private long fastestLastPeriod = Long.MAX_VALUE;
    private long periodStart;

    /**
     * Starts at the floor: an idle service holds only {@code floor} long polls. {@code nanoClock}
     * times the baseline's periods ({@code System::nanoTime} outside tests).
     */
    public ReceiveConcurrency(int floor, int maximum, LongSupplier nanoClock) {
        if (floor < 1 || maximum < floor) {
            throw new IllegalArgumentException("need 1 <= floor <= maximum, got " + floor + " and " + maximum);
        }
        this.floor = floor;
        this.maximum = maximum;
        this.nanoClock = nanoClock;
        this.level = floor;
        this.periodStart = nanoClock.getAsLong();
    }

    public synchronized int level() {
        return level;
    }

    public int maximum() {
        return maximum;
    }

    /**
     * Parks receiver {@code receiver} (1-based) while it is above the level, at most {@code wait};
     * true when it may receive now, false if the wait ended first or {@link #release()} was called.
     */
    public synchronized boolean awaitTurn(int receiver, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos(); // a real wait: the clock below is the baseline's
        while (receiver > level && !released) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return !released;
    }

    /**
     * Moves the level after one receive of {@code received} messages out of {@code asked}, which took
     * {@code tookNanos}; {@code roomForMore}: the window could hold another receive's messages.
     */
    public synchronized void onReceive(int received, int asked, long tookNanos, boolean roomForMore) {
        if (received * 2 < asked) {
            lower();
            return;
        }
        if (received < asked) {
            return; // most of a receive: the backlog is about as deep as the receivers; hold
        }
        if (saturatedAfter(tookNanos)) {
            // Once per round of receives: the smoothed latency needs a few receives to show the effect.
            if (cooldown == 0) {
                lower();
                cooldown = level;
            } else {
                cooldown--;
            }
        } else {
            cooldown = Math.max(0, cooldown - 1);
            if (roomForMore && level < maximum) {
                level++;
                notifyAll();
            }
        }
    }

    public synchronized boolean released() {
        return released;
    }

    /** Wakes every parked receiver for good: the run is ending. */
    public synchronized void release() {
        released = true;
        notifyAll();
    }

    private boolean saturatedAfter(long tookNanos) {
        long now = nanoClock.getAsLong();
        if (now - periodStart >= BASELINE_PERIOD_NANOS) {
            fastestLastPeriod = fastestThisPeriod;
            fastestThisPeriod = Long.MAX_VALUE;
            periodStart = now;
        }
        fastestThisPeriod = Math.min(fastestThisPeriod, tookNanos);
        smoothedNanos = smoothedNanos < 0 ? tookNanos : smoothedNanos + SMOOTHING * (tookNanos - smoothedNanos);
        long fastest = Math.min(fastestThisPeriod, fastestLastPeriod);
        return smoothedNanos > SATURATED_FACTOR * fastest + SLACK_NANOS;
    }

    private void lower() {
        if (level > floor) {
            level--;
        }
    }
}
