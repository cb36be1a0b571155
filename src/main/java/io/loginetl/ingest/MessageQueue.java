package io.loginetl.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline needs from a queue: the seam that lets the in-flight window, the committer and
 * the acknowledger be unit-tested against a fake. {@link SqsQueue} is the real one. Every batch
 * call carries at most ten messages and reports the entries the queue refused; an exception means
 * the whole call failed and its effect is unknown.
 */
public interface MessageQueue {

    /** SQS's limit on the entries of one batch call. */
    int MAX_BATCH = 10;

    /** Splits items into consecutive views of at most {@link #MAX_BATCH}, one per batch call. */
    static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>((items.size() + MAX_BATCH - 1) / MAX_BATCH);
        for (int i = 0; i < items.size(); i += MAX_BATCH) {
            batches.add(items.subList(i, Math.min(i + MAX_BATCH, items.size())));
        }
        return batches;
    }

    /** One long poll; an empty list once {@code wait} passes. */
    List<InboundMessage> receive(Duration wait);

    /** Deletes up to ten messages; returns the refused entries. */
    List<EntryFailure> delete(List<InboundMessage> batch);

    /** Sets the visibility timeout of up to ten received messages; returns the refused entries. */
    List<EntryFailure> changeVisibility(List<InboundMessage> batch, Duration visibility);

    boolean hasDeadLetterQueue();

    /** Sends up to ten rejected bodies, unchanged, with their reasons as attributes; returns the refused entries. */
    List<EntryFailure> sendToDeadLetter(List<DeadLetter> batch);

    /** The source queue's approximate counts. */
    QueueDepth depth();

    /** Fails with the queue's own error unless the source (and dead-letter) queue exist and answer. */
    void verify();

    /** The entry at {@code index} of a batch call was refused with the queue's error {@code code}. */
    record EntryFailure(int index, String code) {

        /** SQS's word for a receipt handle that no longer names a message we hold. */
        public boolean receiptHandleInvalid() {
            return "ReceiptHandleIsInvalid".equals(code) || "MessageNotInflight".equals(code);
        }
    }

    /** {@code visible}: ready to receive; {@code inFlight}: received by someone and not yet deleted or returned. */
    record QueueDepth(long visible, long inFlight) {
    }
}
