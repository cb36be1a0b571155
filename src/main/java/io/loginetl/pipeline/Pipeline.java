package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import io.loginetl.health.PipelineHeartbeat;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.SqsFailures;
import io.loginetl.ingest.SqsQueue;
import io.loginetl.persist.LoginWriter;
import io.loginetl.support.Failures;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The hot path: poll → validate → mask → write → delete.
 * <ul>
 * <li>{@code etl.receive.concurrency} receiver threads long-poll SQS and run validation and
 *     masking right away (pure CPU, no I/O), handing outcomes to the writer;</li>
 * <li>one writer thread groups outcomes from all receivers into transactions of up to
 *     {@code etl.write.batch-size} rows (or whatever arrived within {@code etl.write.linger});</li>
 * <li>after each commit the {@link Acknowledger} deletes the batch from the queue.</li>
 * </ul>
 * A semaphore of {@code etl.max-in-flight} permits, one per received-but-unsettled message, is the
 * backpressure: when the database slows down, receivers stop polling instead of buffering.
 */
@Singleton
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EtlConfig config;
    private final EtlConfig.Receive receive;
    private final EtlConfig.Write write;
    private final SqsQueue queue;
    private final MessageProcessor processor;
    private final LoginWriter writer;
    private final PipelineStats stats;
    private final PipelineHeartbeat heartbeat;
    private final Retry retry;

    private final Semaphore inFlight;
    /** One entry per receive, not per message: one writer wake-up per ten messages. */
    private final BlockingQueue<List<Outcome>> handoff = new LinkedBlockingQueue<>();
    private volatile boolean receiving;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile Throwable failure;
    private CountDownLatch receiversDone;
    private Thread writerThread;
    private Acknowledger acknowledger;

    public Pipeline(EtlConfig config, SqsQueue queue,
                    MessageProcessor processor, LoginWriter writer, PipelineStats stats, PipelineHeartbeat heartbeat) {
        this.config = config;
        this.receive = config.receive();
        this.write = config.write();
        this.queue = queue;
        this.processor = processor;
        this.writer = writer;
        this.stats = stats;
        this.heartbeat = heartbeat;
        this.retry = Retry.of(config.retry());
        this.inFlight = new Semaphore(config.maxInFlight());
    }

    /** Service mode: receives until {@link #stop()}; the caller waits for the process to be told to exit. */
    public void startService() {
        start(false);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Runs until the queue is empty and every in-flight message is committed and deleted. */
    public DrainSummary drain() throws InterruptedException {
        long started = System.nanoTime();
        long stored = stats.stored(), duplicates = stats.duplicates(), rejected = stats.rejected();
        start(true);
        awaitCompletion(Long.MAX_VALUE);
        heartbeat.running(false);
        LOG.infof("Pipeline drained: %s", stats);
        synchronized (this) {
            receiversDone = null; // finished: a later drain() may run again (tests, embedders)
        }
        return new DrainSummary(stats.stored() - stored, stats.duplicates() - duplicates, stats.rejected() - rejected,
                Duration.ofNanos(System.nanoTime() - started), failure == null && !stopping);
    }

    /** Stops receiving, finishes and deletes what is in flight (bounded by the shutdown timeout). */
    public void stop() throws InterruptedException {
        synchronized (this) {
            if (receiversDone == null || stopping) {
                return;
            }
            stopDeadlineNanos = System.nanoTime() + config.shutdown().timeout().toNanos();
            stopping = true;
            receiving = false;
        }
        // Receivers cannot abort a long poll that is on the wire, so allow one wait time on top.
        boolean finished = awaitCompletion(receive.waitTime().plus(config.shutdown().timeout()).toNanos());
        heartbeat.running(false);
        LOG.infof("Pipeline stopped%s: %s", finished ? "" : " before every batch settled (they will be redelivered)", stats);
    }

    public boolean failed() {
        return failure != null;
    }

    private synchronized void start(boolean drain) {
        if (receiversDone != null) {
            throw new IllegalStateException("the pipeline is already running");
        }
        int receivers = receive.concurrency();
        receiversDone = new CountDownLatch(receivers);
        // A delete carries ten messages like a receive but needs no long poll: half as many threads keep up.
        acknowledger = new Acknowledger(queue, inFlight, stats, Math.max(2, receivers / 2));
        BatchCommitter committer = new BatchCommitter(writer, acknowledger, stats, retry,
                () -> !stopping || System.nanoTime() - stopDeadlineNanos < 0);
        receiving = true;
        heartbeat.running(true);
        for (int i = 1; i <= receivers; i++) {
            new Thread(() -> receiveLoop(drain), "etl-receiver-" + i).start();
        }
        writerThread = new Thread(() -> writeLoop(committer), "etl-writer");
        writerThread.start();
        LOG.infof("Pipeline started in %s mode: %d receivers, batches of up to %d rows, %d messages in flight at most",
                drain ? "drain" : "service", receivers, write.batchSize(), config.maxInFlight());
    }

    private void receiveLoop(boolean drain) {
        Duration wait = drain ? config.drain().waitTime() : receive.waitTime();
        int max = receive.maxMessages();
        try {
            while (receiving) {
                heartbeat.beat();
                if (!inFlight.tryAcquire(max, 1, TimeUnit.SECONDS)) {
                    continue;
                }
                List<InboundMessage> messages;
                try {
                    messages = retry.call("SQS receive", () -> queue.receive(wait), SqsFailures::isRetryable, () -> receiving);
                } catch (GaveUpException e) {
                    inFlight.release(max);
                    if (receiving) {
                        fail(e);
                    }
                    return;
                }
                inFlight.release(max - messages.size());
                if (messages.isEmpty()) {
                    if (drain && queueIsEmpty()) {
                        return;
                    }
                    continue;
                }
                stats.received.add(messages.size());
                handOff(messages);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (GaveUpException | RuntimeException e) {
            if (receiving) {
                fail(e);
            }
        } finally {
            receiversDone.countDown();
        }
    }

    private void handOff(List<InboundMessage> messages) {
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        for (InboundMessage message : messages) {
            try {
                outcomes.add(processor.process(message));
            } catch (RuntimeException e) {
                // A bug, not bad input (bad input is a Rejected outcome). Leave the message in the queue:
                // it returns after the visibility timeout and, if it keeps failing, meets the redrive policy.
                inFlight.release(1);
                LOG.errorf("Processing message %s failed unexpectedly; leaving it in the queue: %s",
                        message.messageId(), Failures.describe(e));
            }
        }
        handoff.add(outcomes);
    }

    private boolean queueIsEmpty() throws GaveUpException, InterruptedException {
        return retry.call("SQS queue attributes", queue::approximateVisibleMessages, SqsFailures::isRetryable,
                () -> receiving) == 0;
    }

    private void writeLoop(BatchCommitter committer) {
        int batchSize = write.batchSize();
        long lingerNanos = write.linger().toNanos();
        List<Outcome> pending = new ArrayList<>(batchSize);
        long firstAt = 0;
        try {
            while (true) {
                long waitNanos = pending.isEmpty() ? IDLE_POLL_NANOS : firstAt + lingerNanos - System.nanoTime();
                List<Outcome> next = waitNanos > 0 ? handoff.poll(waitNanos, TimeUnit.NANOSECONDS) : handoff.poll();
                if (next != null) {
                    if (pending.isEmpty()) {
                        firstAt = System.nanoTime();
                    }
                    pending.addAll(next);
                    // A batch may overshoot batch-size by up to one receive (ten rows): cheaper than splitting.
                    while (pending.size() < batchSize && (next = handoff.poll()) != null) {
                        pending.addAll(next);
                    }
                }
                // Receivers hand off before counting down, so once the latch is open the queue is final.
                boolean inputDone = receiversDone.getCount() == 0 && handoff.isEmpty();
                boolean lingered = !pending.isEmpty() && System.nanoTime() - firstAt >= lingerNanos;
                if (pending.size() >= batchSize || lingered || (inputDone && !pending.isEmpty())) {
                    committer.commit(pending);
                    pending = new ArrayList<>(batchSize);
                } else if (inputDone) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            acknowledger.release(pending.size());
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            acknowledger.release(pending.size());
            fail(e);
        }
    }

    private void fail(Exception e) {
        LOG.errorf("Pipeline failed and stops: %s", Failures.describe(e));
        failure = e;
        receiving = false;
        if (config.mode() == RunMode.SERVICE) {
            Quarkus.asyncExit(1);
        }
    }

    private boolean awaitCompletion(long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        if (!receiversDone.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
            return false;
        }
        writerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
        return !writerThread.isAlive() && acknowledger.finish(remaining(deadline), TimeUnit.NANOSECONDS);
    }

    private static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
    }
}
