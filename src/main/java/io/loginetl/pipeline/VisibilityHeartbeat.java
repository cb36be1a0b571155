package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.MessageQueue;
import io.loginetl.ingest.MessageQueue.EntryFailure;
import io.loginetl.support.Failures;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Keeps held messages hidden while they wait (a database outage, a slow batch): every message
 * still unsettled half a visibility timeout after it was received or last extended gets a new full
 * timeout, ten per ChangeMessageVisibilityBatch, from one thread for all of them. Without it such a
 * message reappears and another consumer (or this one) receives it a second time.
 * A message held for longer than {@code etl.receive.max-hold-time} is let go: it returns to the
 * queue when its current timeout ends. A refused extension means the receipt handle is no longer
 * valid; the message may then be redelivered, which the unique message id absorbs.
 */
final class VisibilityHeartbeat {

    private static final Logger LOG = Logger.getLogger(VisibilityHeartbeat.class);

    private final InFlightWindow window;
    private final MessageQueue queue;
    private final PipelineStats stats;
    private final Duration visibility;
    private final long visibilityNanos;
    private final long maxHoldNanos;
    private final LongSupplier nanoClock;

    VisibilityHeartbeat(InFlightWindow window, MessageQueue queue, PipelineStats stats, EtlConfig.Receive receive,
                        LongSupplier nanoClock) {
        this.window = window;
        this.queue = queue;
        this.stats = stats;
        this.visibility = receive.visibilityTimeout();
        this.visibilityNanos = visibility.toNanos();
        this.maxHoldNanos = receive.maxHoldTime().toNanos();
        this.nanoClock = nanoClock;
    }

    /** How often {@link #tick()} should run: a tenth of the timeout, between 100 ms and 1 s. */
    Duration period() {
        long millis = Math.max(100, Math.min(1000, visibility.toMillis() / 10));
        return Duration.ofMillis(millis);
    }

    /** One pass over the window: extends every message that is due, lets go of those held too long. */
    void tick() {
        long now = nanoClock.getAsLong();
        List<HeldMessage> due = new ArrayList<>();
        int expired = 0;
        for (HeldMessage h : window.heldMessages()) {
            if (h.handleLost() || h.holdExpired() || h.deleting() || now - h.visibleSinceNanos() < visibilityNanos / 2) {
                continue;
            }
            if (now - h.receivedAtNanos() + visibilityNanos > maxHoldNanos) {
                h.expireHold();
                expired++;
            } else {
                due.add(h);
            }
        }
        if (expired > 0) {
            LOG.warnf("%d messages were held for the maximum hold time (etl.receive.max-hold-time); no longer extending"
                    + " their visibility, they return to the queue", expired);
        }
        for (List<HeldMessage> batch : MessageQueue.batches(due)) {
            extend(batch, now);
        }
    }

    private void extend(List<HeldMessage> batch, long now) {
        List<InboundMessage> messages = batch.stream().map(HeldMessage::message).toList();
        List<EntryFailure> refused;
        try {
            refused = queue.changeVisibility(messages, visibility);
        } catch (RuntimeException e) {
            // The next tick tries again: they stay due, with half a timeout of margin left.
            LOG.warnf("Extending the visibility of %d held messages failed: %s", batch.size(), Failures.describe(e));
            return;
        }
        boolean[] failed = new boolean[batch.size()];
        int raced = 0;
        for (EntryFailure f : refused) {
            failed[f.index()] = true;
            HeldMessage h = batch.get(f.index());
            if (h.deleting()) {
                raced++; // its delete started while this call was on the wire: refused because it is gone
                continue;
            }
            h.loseHandle();
            stats.visibilityRefusals.increment();
            LOG.infof("Visibility extension of message %s refused (%s); it may be redelivered, and a redelivery is"
                    + " skipped as a duplicate", h.message().messageId(), f.code());
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!failed[i]) {
                batch.get(i).extended(now);
            }
        }
        stats.visibilityExtensions.add(batch.size() - refused.size());
        if (raced > 0) {
            LOG.debugf("%d visibility extensions crossed their message's delete", raced);
        }
    }
}
