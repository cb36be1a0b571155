package io.loginetl.pipeline;

import io.loginetl.ingest.MessageQueue.QueueDepth;

import java.util.function.LongSupplier;

/**
 * Decides when a drain is over. Not at the first empty receive: messages whose receive reply was
 * lost, or whose dead-letter move failed, are invisible for a while and then come back. So a drain
 * ends when the queue shows nothing visible and nothing in flight while this process holds
 * nothing; or, when the queue still reports messages in flight that this process does not hold
 * (another consumer's, or lost replies), once that has lasted a whole visibility timeout, by which
 * time any of ours would have come back.
 */
final class DrainGate {

    private final InFlightWindow window;
    private final long boundNanos;
    private final LongSupplier nanoClock;
    private long othersSinceNanos = -1;
    private volatile boolean done;
    private volatile long leftInFlight;

    DrainGate(InFlightWindow window, long boundNanos, LongSupplier nanoClock) {
        this.window = window;
        this.boundNanos = boundNanos;
        this.nanoClock = nanoClock;
    }

    /** Called after an empty receive with the queue's counts; true once the drain is over (and from then on). */
    synchronized boolean drained(QueueDepth depth) {
        if (done) {
            return true;
        }
        if (depth.visible() > 0 || window.size() > 0) {
            othersSinceNanos = -1;
            return false;
        }
        if (depth.inFlight() == 0) {
            done = true;
            return true;
        }
        long now = nanoClock.getAsLong();
        if (othersSinceNanos < 0) {
            othersSinceNanos = now;
        }
        if (now - othersSinceNanos >= boundNanos) {
            leftInFlight = depth.inFlight();
            done = true;
        }
        return done;
    }

    boolean done() {
        return done;
    }

    /** Messages the queue still reported in flight, held by nobody here, when the drain ended. */
    long leftInFlight() {
        return leftInFlight;
    }
}
