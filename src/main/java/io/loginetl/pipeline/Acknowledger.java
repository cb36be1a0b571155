package io.loginetl.pipeline;

import io.loginetl.ingest.DeadLetter;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.MessageQueue;
import io.loginetl.ingest.MessageQueue.EntryFailure;
import io.loginetl.ingest.SqsFailures;
import io.loginetl.support.Failures;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Settles messages with the queue after their batch committed: deletes the stored ones, moves the
 * rejected ones to the dead-letter queue and deletes those that arrived there, then settles each in
 * the window. Runs on its own threads so the writer can start the next transaction while the
 * previous batch's deletes are on the wire, as many at once as {@code threads} says (the receivers
 * polling: see {@link io.loginetl.config.SqsConnectionPool#deleters}). Calls that fail as a whole
 * are retried while the pipeline runs; what the queue refused is settled anyway: a message that stays in the queue
 * comes back and is skipped (stored) or rejected again (invalid).
 */
final class Acknowledger {

    private static final Logger LOG = Logger.getLogger(Acknowledger.class);

    private final MessageQueue queue;
    private final InFlightWindow window;
    private final PipelineStats stats;
    private final Retry retry;
    private final BooleanSupplier keepTrying;
    private final Deletes deletes;
    private final Deletes.Caller caller = this::call;
    private final ThreadPoolExecutor executor;
    private final IntSupplier threads;

    /**
     * {@code threads}: how many calls may be on the wire now, read before each batch, at most
     * {@code maxThreads}. When it falls, the threads beyond it end once idle for 10 s.
     */
    Acknowledger(MessageQueue queue, InFlightWindow window, PipelineStats stats, Retry retry, BooleanSupplier keepTrying,
                 Duration visibility, int maxThreads, IntSupplier threads) {
        this.queue = queue;
        this.window = window;
        this.stats = stats;
        this.retry = retry;
        this.keepTrying = keepTrying;
        this.deletes = new Deletes(queue, window, stats, visibility);
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        // Unbounded queue: no thread beyond the core size is ever started, so the core size is the concurrency.
        this.executor = new ThreadPoolExecutor(wanted(maxThreads), maxThreads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            // Daemon: a delete cut short by the process ending is harmless (the message returns, a duplicate).
            Thread t = new Thread(r, "etl-ack-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private int wanted(int maxThreads) {
        return Math.max(1, Math.min(maxThreads, threads.getAsInt()));
    }

    /**
     * Settles one committed batch. The stored messages' last, part-filled ten are deleted together
     * with the dead-lettered ones: with 1 % rejects that saves one call in about thirty, per batch.
     */
    void settle(List<Settling> stored, List<DeadLetter> rejected) {
        int wanted = wanted(executor.getMaximumPoolSize());
        if (wanted != executor.getCorePoolSize()) {
            executor.setCorePoolSize(wanted);
        }
        rejected.forEach(r -> window.rejectedBecause(r.message(), r.reason()));
        if (rejected.isEmpty() || !queue.hasDeadLetterQueue()) {
            deleteInChunks(stored);
            rejected.forEach(r -> window.settle(r.message(), Settlement.LEFT_FOR_REDRIVE));
            return;
        }
        int whole = stored.size() - stored.size() % MessageQueue.MAX_BATCH;
        deleteInChunks(stored.subList(0, whole));
        List<Settling> remainder = new ArrayList<>(stored.subList(whole, stored.size()));
        executor.execute(() -> {
            List<Settling> toDelete = new ArrayList<>(remainder);
            toDelete.addAll(deadLetter(rejected));
            for (List<Settling> chunk : MessageQueue.batches(toDelete)) {
                deletes.delete(chunk, caller);
            }
        });
    }

    /** Gives messages back to the queue at once instead of after their visibility timeout: a stop ran out of time. */
    void abandon(List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            window.settle(m, Settlement.ABANDONED);
        }
        release(messages);
    }

    /**
     * Sets the visibility of messages no longer held to 0, so another consumer receives them now.
     * Best effort and once: the visibility timeout returns them anyway.
     */
    void release(List<InboundMessage> messages) {
        for (List<InboundMessage> chunk : MessageQueue.batches(messages)) {
            try {
                queue.changeVisibility(chunk, Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.warnf("Giving %d abandoned messages back failed; they return after their visibility timeout: %s",
                        chunk.size(), Failures.describe(e));
            }
        }
    }

    /** Finishes every queued acknowledgement; false if the timeout passed first. */
    boolean finish(long timeout, TimeUnit unit) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(timeout, unit);
    }

    private void deleteInChunks(List<Settling> messages) {
        for (List<Settling> chunk : MessageQueue.batches(messages)) {
            executor.execute(() -> deletes.delete(chunk, caller));
        }
    }

    /**
     * Sends the rejects to the dead-letter queue in batches that respect its size limit; settles
     * those that did not arrive as left for redrive and returns those that did, to be deleted.
     */
    private List<Settling> deadLetter(List<DeadLetter> rejected) {
        List<Settling> arrived = new ArrayList<>(rejected.size());
        for (DeadLetter letter : rejected) {
            if (letter.tooLarge()) {
                LOG.errorf("Message %s (%s) is too large for the dead-letter queue; it stays in the source queue for "
                        + "its redrive policy, its reason is in etl_rejections", letter.message().messageId(), letter.reason());
                window.settle(letter.message(), Settlement.LEFT_FOR_REDRIVE);
            } else if (letter.attributes().isEmpty()) {
                LOG.warnf("Message %s (%s) is dead-lettered without its reason attributes: its body leaves no room for "
                        + "them; the reason is in etl_rejections", letter.message().messageId(), letter.reason());
            }
        }
        for (List<DeadLetter> batch : DeadLetter.batches(rejected)) {
            List<EntryFailure> refused;
            try {
                refused = call("Dead-lettering " + batch.size() + " messages", () -> queue.sendToDeadLetter(batch));
            } catch (GaveUpException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warnf("Dead-lettering %d messages failed; they stay in the source queue: %s",
                        batch.size(), Failures.describe(e));
                batch.forEach(l -> window.settle(l.message(), Settlement.LEFT_FOR_REDRIVE));
                continue;
            }
            boolean[] failed = new boolean[batch.size()];
            for (EntryFailure f : refused) {
                failed[f.index()] = true;
                InboundMessage m = batch.get(f.index()).message();
                LOG.warnf("Dead-lettering of message %s refused (%s); it stays in the source queue", m.messageId(), f.code());
                window.settle(m, Settlement.LEFT_FOR_REDRIVE);
            }
            for (int i = 0; i < batch.size(); i++) {
                if (!failed[i]) {
                    arrived.add(new Settling(batch.get(i).message(), Settlement.DEAD_LETTERED));
                }
            }
        }
        return arrived;
    }

    private List<EntryFailure> call(String what, Callable<List<EntryFailure>> operation)
            throws GaveUpException, InterruptedException {
        return retry.call(what, operation, SqsFailures::isRetryable, keepTrying);
    }


    /** A message and the settlement it gets once its delete was attempted. */
    record Settling(InboundMessage message, Settlement outcome) {
    }
}
