package io.loginetl.pipeline;

import jakarta.inject.Singleton;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals since start, shared by receivers, writer, acknowledger and heartbeat without
 * contention. The settlement counts are the window's: one per message, by how it ended.
 */
@Singleton
public class PipelineStats {

    final LongAdder received = new LongAdder();
    final LongAdder deleted = new LongAdder();
    /** Deletes the queue refused or that failed: those messages come back and are skipped as duplicates. */
    final LongAdder deleteFailures = new LongAdder();
    /** Deletes whose reply was lost: the retry found the message already gone. */
    final LongAdder deleteRepliesLost = new LongAdder();
    final LongAdder visibilityExtensions = new LongAdder();
    final LongAdder visibilityRefusals = new LongAdder();
    /** Write batches committed; (stored + duplicates) / batches is the batch size the linger really achieves. */
    final LongAdder batches = new LongAdder();
    final LongAdder settleErrors = new LongAdder();
    private final Map<Settlement, LongAdder> settled = new EnumMap<>(Settlement.class);

    public PipelineStats() {
        for (Settlement s : Settlement.values()) {
            settled.put(s, new LongAdder());
        }
    }

    void countSettled(Settlement outcome) {
        settled.get(outcome).increment();
    }

    public long settled(Settlement outcome) {
        return settled.get(outcome).sum();
    }

    public long received() {
        return received.sum();
    }

    public long stored() {
        return settled(Settlement.STORED);
    }

    public long duplicates() {
        return settled(Settlement.DUPLICATE);
    }

    /** Invalid messages, dead-lettered or left for the redrive policy. */
    public long rejected() {
        return settled(Settlement.DEAD_LETTERED) + settled(Settlement.LEFT_FOR_REDRIVE);
    }

    public long deadLettered() {
        return settled(Settlement.DEAD_LETTERED);
    }

    public long deleted() {
        return deleted.sum();
    }

    public long deleteFailures() {
        return deleteFailures.sum();
    }

    public long deleteRepliesLost() {
        return deleteRepliesLost.sum();
    }

    public long visibilityExtensions() {
        return visibilityExtensions.sum();
    }

    public long visibilityRefusals() {
        return visibilityRefusals.sum();
    }

    public long batches() {
        return batches.sum();
    }

    /** Settlements of messages the window did not hold: 0 unless there is a bug. */
    public long settleErrors() {
        return settleErrors.sum();
    }

    @Override
    public String toString() {
        return "received=" + received() + " stored=" + stored() + " duplicates=" + duplicates()
                + " rejected=" + rejected() + " dead-lettered=" + deadLettered()
                + " failed-processing=" + settled(Settlement.FAILED_PROCESSING) + " abandoned=" + settled(Settlement.ABANDONED)
                + " deleted=" + deleted() + " delete-failures=" + deleteFailures() + " delete-replies-lost=" + deleteRepliesLost()
                + " visibility-extensions=" + visibilityExtensions() + " visibility-refusals=" + visibilityRefusals()
                + " batches=" + batches() + " settle-errors=" + settleErrors();
    }
}
