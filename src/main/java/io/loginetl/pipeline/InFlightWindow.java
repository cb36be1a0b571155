package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.validation.RejectReason;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one owner of every received message until it is settled. A receiver reserves room before it
 * polls and admits what the poll returned (the unused room goes back at once); each admitted
 * message is then settled exactly once with a {@link Settlement}, which gives its room back. The
 * bound on room is the backpressure: when writing or deleting slows down, receivers stop polling.
 * Messages are keyed by receipt handle, so one message received twice is held twice.
 * Settling an unknown or already settled message is a bug: it is counted and logged, never thrown,
 * so one bug cannot stop the pipeline.
 */
public final class InFlightWindow {

    private static final Logger LOG = Logger.getLogger(InFlightWindow.class);

    private final Semaphore room;
    private final LongSupplier nanoClock;
    private final Map<String, HeldMessage> held = new ConcurrentHashMap<>();
    /** Receipt handles given up at shutdown: their late settlement is expected, not a bug. */
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private final PipelineStats stats;
    private volatile long lastProgressNanos;

    /** Counts each settlement into {@code stats}; {@code nanoClock} is {@code System::nanoTime} outside tests. */
    public InFlightWindow(int capacity, PipelineStats stats, LongSupplier nanoClock) {
        this.room = new Semaphore(capacity);
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.lastProgressNanos = nanoClock.getAsLong();
        stats.holding(held::size);
    }

    /** Takes room for {@code n} messages, waiting at most {@code wait}; false if there was none. */
    public boolean reserve(int n, Duration wait) throws InterruptedException {
        return room.tryAcquire(n, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Holds what one receive returned and gives back the room it did not use. */
    public void admit(int reserved, List<InboundMessage> received) {
        if (received.size() > reserved) {
            throw new IllegalArgumentException("received " + received.size() + " messages into room for " + reserved);
        }
        long now = nanoClock.getAsLong();
        for (InboundMessage m : received) {
            held.put(m.receiptHandle(), new HeldMessage(m, now));
        }
        room.release(reserved - received.size());
        if (!received.isEmpty()) {
            lastProgressNanos = now;
        }
    }

    /** Gives back room taken by {@link #reserve} for a receive that did not happen. */
    public void unreserve(int n) {
        room.release(n);
    }

    /** Records how the message ended and gives its room back. */
    public void settle(InboundMessage message, Settlement outcome) {
        released(remove(message, outcome) ? 1 : 0);
    }

    /**
     * Settles a delete's worth of messages and gives their room back at once: receivers wait for
     * room ten at a time, and room given back one message at a time would wake them to find too
     * little, ten times over.
     */
    void settleAll(List<Acknowledger.Settling> settled) {
        int removed = 0;
        for (Acknowledger.Settling s : settled) {
            if (remove(s.message(), s.outcome())) {
                removed++;
            }
        }
        released(removed);
    }

    /** Takes the message out and counts its outcome; false (and counted as an error) if it was not held. */
    private boolean remove(InboundMessage message, Settlement outcome) {
        HeldMessage removed = held.remove(message.receiptHandle());
        if (removed != null) {
            stats.countSettled(outcome, removed.rejectReason());
            return true;
        }
        if (!abandoned.remove(message.receiptHandle())) {
            stats.settleErrors.increment();
            LOG.errorf("Bug: message %s settled as %s but not held (settled twice, or never admitted)",
                    message.messageId(), outcome);
        }
        return false;
    }

    private void released(int messages) {
        if (messages == 0) {
            return;
        }
        lastProgressNanos = nanoClock.getAsLong();
        room.release(messages);
        if (held.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Settles everything still held as {@link Settlement#ABANDONED} and returns those messages, so
     * the caller can hand them back to the queue. Work on them that finishes later settles quietly.
     */
    public List<InboundMessage> abandonAll() {
        List<InboundMessage> given = new ArrayList<>();
        for (HeldMessage h : List.copyOf(held.values())) {
            abandoned.add(h.message().receiptHandle());
            if (held.remove(h.message().receiptHandle()) != null) {
                stats.countSettled(Settlement.ABANDONED, null);
                room.release();
                given.add(h.message());
            } else {
                abandoned.remove(h.message().receiptHandle()); // settled meanwhile
            }
        }
        return given;
    }

    /**
     * Waits until nothing is held; false if the deadline (on the window's clock) passed first.
     * {@code Long.MAX_VALUE}: no deadline.
     */
    public boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (!held.isEmpty()) {
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nanoClock.getAsLong();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        }
    }

    public int size() {
        return held.size();
    }

    /** Room not held nor reserved: how many more messages receivers may take now. */
    public int room() {
        return room.availablePermits();
    }

    /**
     * Whether the queue should still be hiding this held message from everyone else: received or
     * extended less than a visibility timeout ago, and no extension refused since.
     */
    public boolean believedHidden(InboundMessage message, Duration visibility) {
        HeldMessage h = held.get(message.receiptHandle());
        return h != null && h.stillHidden(nanoClock.getAsLong(), visibility.toNanos());
    }

    /** Records why a held message was rejected, so its settlement is counted under that reason. */
    void rejectedBecause(InboundMessage message, String reasonCode) {
        HeldMessage h = held.get(message.receiptHandle());
        if (h != null) {
            h.rejectedBecause(RejectReason.ofCode(reasonCode));
        }
    }

    /** Marks messages whose delete is about to be sent, so the heartbeat leaves them alone. */
    void startDeleting(List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            HeldMessage h = held.get(m.receiptHandle());
            if (h != null) {
                h.startDeleting();
            }
        }
    }

    /** A snapshot for the visibility heartbeat. */
    Collection<HeldMessage> heldMessages() {
        return List.copyOf(held.values());
    }

    /** Age of the oldest message still held, or empty when none is. */
    public Optional<Duration> oldestUnsettledAge() {
        long now = nanoClock.getAsLong();
        long oldest = Long.MAX_VALUE;
        for (HeldMessage h : held.values()) {
            oldest = Math.min(oldest, h.receivedAtNanos());
        }
        return oldest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(now - oldest));
    }

    /** Time since a message was last admitted or settled. */
    public Duration sinceProgress() {
        return Duration.ofNanos(nanoClock.getAsLong() - lastProgressNanos);
    }
}
