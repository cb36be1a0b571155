package io.loginetl.pipeline;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.LongAdder;

/** Running totals since start, shared by receivers, writer and acknowledger without contention. */
@Singleton
public class PipelineStats {

    final LongAdder received = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder deleted = new LongAdder();
    final LongAdder deleteFailures = new LongAdder();
    /** Write batches settled; (stored + duplicates) / batches is the batch size the linger really achieves. */
    final LongAdder batches = new LongAdder();

    public long received() {
        return received.sum();
    }

    public long stored() {
        return stored.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    public long deleted() {
        return deleted.sum();
    }

    public long deleteFailures() {
        return deleteFailures.sum();
    }

    public long batches() {
        return batches.sum();
    }

    @Override
    public String toString() {
        return "received=" + received() + " stored=" + stored() + " duplicates=" + duplicates()
                + " rejected=" + rejected() + " dead-lettered=" + deadLettered()
                + " deleted=" + deleted() + " delete-failures=" + deleteFailures() + " batches=" + batches();
    }
}
