package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one writer thread: groups outcomes from all receivers into batches of up to
 * {@code etl.write.batch-size} rows, or whatever arrived within {@code etl.write.linger}, and
 * commits each. Ends when every receiver has ended and nothing is left to commit.
 * <p>
 * The first batch of a run does not linger: it is committed as soon as the receives that have
 * answered are in. A pod started for a burst then stores its first rows one receive after start
 * instead of one linger later, and its first commit also warms the connection and the insert's
 * statement; from then on batches fill or linger as usual.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int batchSize;
    private final long lingerNanos;
    private final BatchCommitter committer;
    private final CountDownLatch receiversDone;
    private final Consumer<Exception> onFailure;
    private final Acknowledger acknowledger;
    /** One entry per receive, not per message: one writer wake-up per ten messages. */
    private final BlockingQueue<List<Outcome>> handoff = new LinkedBlockingQueue<>();
    /** Messages handed off and not yet taken into a batch. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Thread thread = new Thread(this::run, "etl-writer");
    private long startedAt;

    BatchWriter(EtlConfig.Write config, BatchCommitter committer, CountDownLatch receiversDone,
                Consumer<Exception> onFailure, Acknowledger acknowledger) {
        this.batchSize = config.batchSize();
        this.lingerNanos = config.linger().toNanos();
        this.committer = committer;
        this.receiversDone = receiversDone;
        this.onFailure = onFailure;
        this.acknowledger = acknowledger;
    }

    void start() {
        startedAt = System.nanoTime();
        thread.start();
    }

    /** Called by a receiver before it counts down {@code receiversDone}. */
    void offer(List<Outcome> outcomes) {
        if (!outcomes.isEmpty()) {
            waiting.addAndGet(outcomes.size());
            handoff.add(outcomes);
        }
    }

    /**
     * False while a whole batch waits for the writer: it is the bottleneck, and another receiver
     * polling would only add messages that wait in the window (and memory, and GC work).
     */
    boolean hasRoom() {
        return waiting.get() < batchSize;
    }

    private List<Outcome> take(List<Outcome> next) {
        if (next != null) {
            waiting.addAndGet(-next.size());
        }
        return next;
    }

    boolean join(long timeoutNanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(timeoutNanos, Long.MAX_VALUE / 2))));
        return !thread.isAlive();
    }

    private void run() {
        List<Outcome> pending = new ArrayList<>(batchSize);
        long firstAt = 0;
        boolean committedOnce = false;
        try {
            while (true) {
                // Never longer than the idle poll: the end of input is noticed soon, whatever the linger.
                long waitNanos = pending.isEmpty() ? IDLE_POLL_NANOS
                        : Math.min(IDLE_POLL_NANOS, firstAt + lingerNanos - System.nanoTime());
                List<Outcome> next = take(waitNanos > 0 ? handoff.poll(waitNanos, TimeUnit.NANOSECONDS) : handoff.poll());
                if (next != null) {
                    if (pending.isEmpty()) {
                        firstAt = System.nanoTime();
                    }
                    pending.addAll(next);
                    // A batch may overshoot batch-size by up to one receive (ten rows): cheaper than splitting.
                    while (pending.size() < batchSize && (next = take(handoff.poll())) != null) {
                        pending.addAll(next);
                    }
                }
                // Receivers hand off before counting down, so once the latch is open the queue is final.
                boolean inputDone = receiversDone.getCount() == 0 && handoff.isEmpty();
                boolean lingered = !pending.isEmpty()
                        && (!committedOnce || System.nanoTime() - firstAt >= lingerNanos);
                if (pending.size() >= batchSize || lingered || (inputDone && !pending.isEmpty())) {
                    List<Outcome> batch = pending;
                    pending = new ArrayList<>(batchSize);
                    committer.commit(batch);
                    if (!committedOnce) {
                        committedOnce = true;
                        // Where a scale-to-zero start spends its time: this line against "Pipeline started".
                        LOG.infof("First batch (%d messages) committed %d ms after the pipeline started", batch.size(),
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
                    }
                } else if (inputDone) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            abandon(pending);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            abandon(pending);
            onFailure.accept(e);
        }
    }

    private void abandon(List<Outcome> pending) {
        acknowledger.abandon(pending.stream().map(Outcome::message).toList());
    }
}
