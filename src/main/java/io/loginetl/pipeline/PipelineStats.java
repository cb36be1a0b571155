package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.validation.RejectReason;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Running totals since start, shared by receivers, writer, acknowledger and heartbeat without
 * contention. The settlement counts are the window's: one per message, by how it ended. These are
 * the only counts: the metrics read them ({@code metrics.EtlMetrics}), the log lines print them.
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
    /** Retried attempts of calls to SQS and to PostgreSQL (see {@code Retry#counting}). */
    final LongAdder sqsRetries = new LongAdder();
    final LongAdder databaseRetries = new LongAdder();
    private final Map<Settlement, LongAdder> settled = new EnumMap<>(Settlement.class);
    /** Rejected settlements (dead-lettered or left for redrive) by reason: they add up to {@link #rejected()}. */
    private final Map<RejectReason, LongAdder> rejectedBy = new EnumMap<>(RejectReason.class);
    private volatile CommitListener commits = CommitListener.NONE;
    private volatile IntSupplier held = () -> 0;
    private volatile IntSupplier receivers = () -> 0;

    public PipelineStats() {
        for (Settlement s : Settlement.values()) {
            settled.put(s, new LongAdder());
        }
        for (RejectReason r : RejectReason.values()) {
            rejectedBy.put(r, new LongAdder());
        }
    }

    /** Sees every committed batch: the metrics' histograms. One listener; unit tests need none. */
    public interface CommitListener {
        CommitListener NONE = (took, rows, messages) -> { };

        /** {@code took}: the batch's transaction(s); {@code rows}: rows offered; {@code messages}: all its messages. */
        void committed(Duration took, int rows, List<InboundMessage> messages);
    }

    /** The window's size, read (not counted) here so the metrics need only these stats. */
    void holding(IntSupplier windowSize) {
        this.held = windowSize;
    }

    public int held() {
        return held.getAsInt();
    }

    /** The receive concurrency's level, read (not counted) here like the window's size. */
    void receiving(IntSupplier level) {
        this.receivers = level;
    }

    public int receivers() {
        return receivers.getAsInt();
    }

    public void listen(CommitListener listener) {
        this.commits = listener;
    }

    void committed(Duration took, int rows, List<InboundMessage> messages) {
        batches.increment();
        commits.committed(took, rows, messages);
    }

    void countSettled(Settlement outcome, RejectReason reason) {
        settled.get(outcome).increment();
        // The acknowledger marks every reject's reason before settling it; only a unit test settles one bare.
        if (reason != null && (outcome == Settlement.DEAD_LETTERED || outcome == Settlement.LEFT_FOR_REDRIVE)) {
            rejectedBy.get(reason).increment();
        }
    }

    public long rejected(RejectReason reason) {
        return rejectedBy.get(reason).sum();
    }

    public long sqsRetries() {
        return sqsRetries.sum();
    }

    /** For the start-up's database wait, which retries outside the pipeline but counts as database retries. */
    public LongAdder databaseRetryCounter() {
        return databaseRetries;
    }

    public long databaseRetries() {
        return databaseRetries.sum();
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
                + " batches=" + batches() + " settle-errors=" + settleErrors()
                + " retries-sqs=" + sqsRetries() + " retries-database=" + databaseRetries() + rejectedByReason();
    }

    /** {@code " rejected-not-json=1 rejected-invalid-ip=2"}: the reasons that occurred, as the metric's tags count them. */
    private String rejectedByReason() {
        StringBuilder line = new StringBuilder();
        rejectedBy.forEach((reason, n) -> {
            if (n.sum() > 0) {
                line.append(" rejected-").append(reason.tag().replace('_', '-')).append('=').append(n.sum());
            }
        });
        return line.toString();
    }
}
