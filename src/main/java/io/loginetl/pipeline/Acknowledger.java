package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.SqsQueue;
import io.loginetl.support.Failures;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settles messages with the queue after their batch committed: deletes stored ones, moves rejected
 * ones to the dead-letter queue, and returns their in-flight permits. Runs on its own threads so
 * the writer can start the next transaction while the previous batch's deletes are on the wire.
 */
final class Acknowledger {

    private static final Logger LOG = Logger.getLogger(Acknowledger.class);
    private static final int SQS_BATCH = 10;

    private final SqsQueue queue;
    private final Semaphore inFlight;
    private final PipelineStats stats;
    private final ExecutorService executor;

    Acknowledger(SqsQueue queue, Semaphore inFlight, PipelineStats stats, int threads) {
        this.queue = queue;
        this.inFlight = inFlight;
        this.stats = stats;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> new Thread(r, "etl-ack-" + counter.incrementAndGet()));
    }

    /**
     * Settles one committed batch: deletes the stored messages, ten per DeleteMessageBatch, and
     * moves the rejected ones to the dead-letter queue, deleting those that arrived there. Without
     * a dead-letter queue rejects stay in the source queue for its redrive policy. The stored
     * messages' last, part-filled ten are deleted together with the dead-lettered ones: with 1 %
     * rejects that saves one call in about thirty, per batch.
     */
    void settle(List<InboundMessage> stored, List<Outcome.Rejected> rejected) {
        if (rejected.isEmpty() || !queue.hasDeadLetterQueue()) {
            deleteInChunks(stored);
            release(rejected.size());
            return;
        }
        int whole = stored.size() - stored.size() % SQS_BATCH;
        deleteInChunks(stored.subList(0, whole));
        List<InboundMessage> remainder = stored.subList(whole, stored.size());
        executor.execute(() -> {
            try {
                List<InboundMessage> toDelete = new ArrayList<>(remainder);
                for (List<Outcome.Rejected> chunk : chunks(rejected)) {
                    toDelete.addAll(deadLetter(chunk));
                }
                for (List<InboundMessage> chunk : chunks(toDelete)) {
                    deleteNow(chunk);
                }
            } finally {
                inFlight.release(remainder.size() + rejected.size());
            }
        });
    }

    private void deleteInChunks(List<InboundMessage> messages) {
        for (List<InboundMessage> chunk : chunks(messages)) {
            executor.execute(() -> {
                try {
                    deleteNow(chunk);
                } finally {
                    inFlight.release(chunk.size());
                }
            });
        }
    }

    /** Sends up to ten rejects to the dead-letter queue; returns those that arrived (only they may be deleted). */
    private List<InboundMessage> deadLetter(List<Outcome.Rejected> chunk) {
        List<InboundMessage> messages = chunk.stream().map(Outcome.Rejected::message).toList();
        try {
            Set<String> sent = queue.sendToDeadLetter(messages, chunk.stream().map(Outcome.Rejected::reason).toList());
            stats.deadLettered.add(sent.size());
            return messages.stream().filter(m -> sent.contains(m.messageId())).toList();
        } catch (RuntimeException e) {
            LOG.warnf("Dead-lettering %d messages failed, they stay in the source queue: %s", chunk.size(), Failures.describe(e));
            return List.of();
        }
    }

    /** Gives up on messages without touching the queue: they reappear after the visibility timeout. */
    void release(int messages) {
        inFlight.release(messages);
    }

    /** Finishes every queued acknowledgement; false if the timeout passed first. */
    boolean finish(long timeout, TimeUnit unit) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(timeout, unit);
    }

    private void deleteNow(List<InboundMessage> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        try {
            int refused = queue.delete(chunk);
            stats.deleted.add(chunk.size() - refused);
            stats.deleteFailures.add(refused);
        } catch (RuntimeException e) {
            // Harmless: the messages return after the visibility timeout and are skipped as duplicates.
            stats.deleteFailures.add(chunk.size());
            LOG.warnf("Deleting %d committed messages failed; they will be redelivered and skipped: %s",
                    chunk.size(), Failures.describe(e));
        }
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>((items.size() + SQS_BATCH - 1) / SQS_BATCH);
        for (int i = 0; i < items.size(); i += SQS_BATCH) {
            chunks.add(items.subList(i, Math.min(i + SQS_BATCH, items.size())));
        }
        return chunks;
    }
}
