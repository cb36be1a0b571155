package io.loginetl.pipeline;

import io.loginetl.ingest.MessageQueue.QueueDepth;

import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Decides when a drain is over. Not at the first empty receive: messages whose receive reply was
 * lost, or whose delete or dead-letter move failed, are invisible for a while and then come back.
 * So a drain ends when the queue shows nothing visible and nothing in flight while this process
 * holds nothing; or, when the queue still reports messages in flight that this process does not
 * hold (another consumer's, or lost replies), once a whole visibility timeout has passed since the
 * last thing that could have hidden one of ours: the window last admitting or settling a message,
 * or a receive failing (the server may have handed out messages whose reply never arrived).
 * <p>
 * A receive still on the wire when that bound passes could yet fail the same way, so the gate
 * then closes: no new receive starts until those on the wire have ended, and if one of them failed
 * or brought messages the drain goes on. Receivers therefore wrap each receive in
 * {@link #beginReceive()} / {@link #endReceive()} and each attempt in {@link #attempt}.
 */
final class DrainGate {

    private final InFlightWindow window;
    private final long boundNanos;
    private final LongSupplier nanoClock;
    private long othersSinceNanos = -1;
    private long lastFailedReceiveNanos;
    private long failedReceives;
    private int receiving;
    private boolean closing;
    private volatile boolean done;
    private volatile long leftInFlight;

    DrainGate(InFlightWindow window, long boundNanos, LongSupplier nanoClock) {
        this.window = window;
        this.boundNanos = boundNanos;
        this.nanoClock = nanoClock;
        this.lastFailedReceiveNanos = nanoClock.getAsLong() - boundNanos;
    }

    /** Before a receive: waits while the gate is closing; false once the drain is over (do not receive). */
    synchronized boolean beginReceive() throws InterruptedException {
        while (closing) {
            wait();
        }
        if (done) {
            return false;
        }
        receiving++;
        return true;
    }

    /** After a receive and the window's admission of what it brought (or its failure). */
    synchronized void endReceive() {
        receiving--;
        notifyAll();
    }

    /** One attempt of a receive: a failure may have hidden messages whose reply never arrived. */
    <T> Callable<T> attempt(Callable<T> receive) {
        return () -> {
            try {
                return receive.call();
            } catch (Exception e) {
                receiveFailed();
                throw e;
            }
        };
    }

    private synchronized void receiveFailed() {
        lastFailedReceiveNanos = nanoClock.getAsLong();
        failedReceives++;
    }

    /**
     * Called after an empty receive (its {@link #endReceive()} done) with the queue's counts; true
     * once the drain is over (and from then on). May wait for the receives still on the wire.
     */
    synchronized boolean drained(QueueDepth depth) throws InterruptedException {
        if (done) {
            return true;
        }
        if (closing) {
            return false; // another receiver is closing; this one's next beginReceive waits for the verdict
        }
        if (depth.visible() > 0 || window.size() > 0) {
            othersSinceNanos = -1;
            return false;
        }
        if (depth.inFlight() > 0) {
            long now = nanoClock.getAsLong();
            if (othersSinceNanos < 0) {
                othersSinceNanos = now;
            }
            long lastWindowChange = now - window.sinceProgress().toNanos();
            long since = Math.max(othersSinceNanos, Math.max(lastWindowChange, lastFailedReceiveNanos));
            if (now - since < boundNanos) {
                return false;
            }
        }
        return close(depth.inFlight());
    }

    private boolean close(long inFlight) throws InterruptedException {
        long failedBefore = failedReceives;
        closing = true;
        try {
            while (receiving > 0) {
                wait();
            }
        } finally {
            closing = false;
            notifyAll();
        }
        if (failedReceives != failedBefore || window.size() > 0) {
            return false;
        }
        leftInFlight = inFlight;
        done = true;
        return true;
    }

    boolean done() {
        return done;
    }

    /** Messages the queue still reported in flight, held by nobody here, when the drain ended. */
    long leftInFlight() {
        return leftInFlight;
    }
}
