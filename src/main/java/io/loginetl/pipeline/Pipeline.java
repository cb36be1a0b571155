package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import io.loginetl.config.SqsConnectionPool;
import io.loginetl.health.PipelineHeartbeat;
import io.loginetl.health.Reachability;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.MessageQueue;
import io.loginetl.ingest.SqsFailures;
import io.loginetl.ingest.SqsLimits;
import io.loginetl.persist.BatchStore;
import io.loginetl.persist.DatabaseFailures;
import io.loginetl.support.Failures;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hot path: poll → validate → mask → write → delete.
 * <ul>
 * <li>up to {@code etl.receive.concurrency} receiver threads, as many as {@link ReceiveConcurrency}
 *     lets poll at once, reserve room in the {@link InFlightWindow}, long-poll SQS and run validation
 *     and masking right away (pure CPU), handing outcomes to the {@link BatchWriter};</li>
 * <li>the writer commits them in batches ({@link BatchCommitter}), and the {@link Acknowledger}
 *     deletes or dead-letters each batch and settles its messages in the window;</li>
 * <li>the {@link VisibilityHeartbeat} keeps held messages hidden while they wait.</li>
 * </ul>
 * A stop ends receiving, lets the rest settle until the shutdown timeout and gives back to the
 * queue whatever is still held then.
 */
@Singleton
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /**
     * Receivers that keep polling however quiet the queue: two, so one long poll is always on the
     * wire while the other hands its messages off or retries.
     */
    static final int MIN_RECEIVERS = 2;

    private final EtlConfig config;
    private final MessageQueue queue;
    private final MessageProcessor processor;
    private final BatchStore store;
    private final PipelineStats stats;
    private final PipelineHeartbeat heartbeat;
    private final Reachability reachability;
    /** For SQS calls; the committer gets {@link #databaseRetry}: one backoff, counted per dependency. */
    private final Retry retry;
    private final Retry databaseRetry;
    private final InFlightWindow window;

    private volatile boolean receiving;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile Throwable failure;
    /** Set when a drain gives up on a database that keeps refusing writes: the writer stops retrying. */
    private volatile boolean givingUp;
    private Run run;
    /** Begun before the wait for the database ({@link #beginQueueCheck}); guarded by this. */
    private QueueCheck queueCheck;

    public Pipeline(EtlConfig config, MessageQueue queue, MessageProcessor processor, BatchStore store,
                    PipelineStats stats, PipelineHeartbeat heartbeat, Reachability reachability) {
        this.config = config;
        this.queue = queue;
        this.processor = processor;
        this.store = store;
        this.stats = stats;
        this.heartbeat = heartbeat;
        this.reachability = reachability;
        this.retry = Retry.of(config.retry()).counting(stats.sqsRetries);
        this.databaseRetry = Retry.of(config.retry()).counting(stats.databaseRetries)
                .explaining(DatabaseFailures::permanentProblem);
        this.window = new InFlightWindow(config.maxInFlight(), stats, System::nanoTime);
    }

    /** Only a pipeline that exists: one never created (a start-up that failed, migrate mode) has nothing to stop. */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) throws InterruptedException {
        stop();
    }

    /** Service mode: receives until {@link #stop()}; the caller waits for the process to be told to exit. */
    public void startService() {
        start(false);
    }

    /** Runs until the queue is drained (see {@link DrainGate}) and every held message is settled. */
    public DrainSummary drain() throws InterruptedException {
        long started = System.nanoTime();
        long stored = stats.stored(), duplicates = stats.duplicates(), rejected = stats.rejected();
        Run current = start(true);
        boolean settled = current.await(Long.MAX_VALUE);
        finish(current, settled);
        return new DrainSummary(stats.stored() - stored, stats.duplicates() - duplicates, stats.rejected() - rejected,
                current.gate.leftInFlight(), Duration.ofNanos(System.nanoTime() - started),
                failure == null && !stopping && settled);
    }

    /** Stops receiving, finishes and deletes what is in flight (bounded by the shutdown timeout). */
    public void stop() throws InterruptedException {
        Run current;
        synchronized (this) {
            if (run == null) {
                stopping = true; // a start still checking the queue gives up instead of keeping the process alive
                return;
            }
            if (stopping) {
                return;
            }
            current = run;
            stopDeadlineNanos = System.nanoTime() + config.shutdown().timeout().toNanos();
            stopping = true;
            receiving = false;
        }
        current.concurrency.release();
        // Receivers cannot abort a long poll that is on the wire, so allow one wait time on top.
        finish(current, current.await(config.receive().waitTime().plus(config.shutdown().timeout()).toNanos()));
    }

    /** True when a stop (SIGTERM) ended the pipeline, not the end of the queue or a failure. */
    public boolean stopped() {
        return stopping;
    }

    public boolean failed() {
        return failure != null;
    }

    public InFlightWindow window() {
        return window;
    }

    /**
     * Begins the start's SQS check in the background, once: the caller does it before it waits for the
     * database, so the two overlap. A start that finds none begun begins it itself.
     */
    public void beginQueueCheck() {
        queueCheck();
    }

    private synchronized QueueCheck queueCheck() {
        if (queueCheck == null) {
            queueCheck = QueueCheck.begin(queue, retry, reachability.sqs(), () -> !stopping);
        }
        return queueCheck;
    }

    private Run start(boolean drain) {
        SqsLimits.check(config);
        long checkMillis;
        try {
            checkMillis = queueCheck().await(); // outside the lock: a stop meanwhile ends a retrying check
        } catch (GaveUpException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the source or dead-letter queue cannot be used: " + Failures.describe(e.getCause() == null ? e : e.getCause()), e);
        }
        Run started;
        synchronized (this) {
            if (run != null) {
                throw new IllegalStateException("the pipeline is already running");
            }
            if (stopping) { // told to stop after the check answered: stop() found no run to end
                throw new IllegalStateException("stopped before the pipeline started");
            }
            run = new Run(drain);
            givingUp = false;
            receiving = true;
            heartbeat.running(true);
            run.begin();
            started = run;
        }
        LOG.infof("Pipeline started in %s mode: %d to %d receivers as the queue needs, batches of up to %d rows, %d messages"
                        + " in flight at most (queue check %d ms)", drain ? "drain" : "service", started.concurrency.level(),
                started.concurrency.maximum(), config.write().batchSize(), config.maxInFlight(), checkMillis);
        return started;
    }

    /** Ends a run once: both a drain's own end and a stop's wait may get here. */
    private void finish(Run current, boolean settled) throws InterruptedException {
        if (!current.finished.compareAndSet(false, true)) {
            return;
        }
        current.visibility.shutdownNow();
        if (!settled) {
            List<InboundMessage> given = window.abandonAll();
            current.acknowledger.release(given);
            LOG.warnf("%d messages were still unsettled when the shutdown timeout passed; gave them back to the queue",
                    given.size());
        }
        heartbeat.running(false);
        LOG.infof("Pipeline %s: %s", stopping ? "stopped" : failure != null ? "failed" : "drained", stats);
        synchronized (this) {
            run = null; // finished: a later drain() may run again (tests, embedders)
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

    /**
     * Drain mode only: a database that has refused every write for {@code etl.write.permanent-failure-timeout}
     * for a reason retrying cannot fix ends the run with exit 1. What is held is given back, never deleted.
     * A service keeps retrying (readiness DOWN says why) and recovers once someone fixes it.
     */
    private void giveUpOnPermanentFailure() {
        Duration bound = config.write().permanentFailureTimeout();
        reachability.database().problem().filter(p -> p.lasted().compareTo(bound) >= 0 && !givingUp).ifPresent(p -> {
            givingUp = true;
            fail(new IllegalStateException("the database has refused writes for " + bound.toSeconds()
                    + " s (ETL_WRITE_PERMANENT_FAILURE_TIMEOUT); nothing was deleted: " + p.reason()));
        });
    }

    private boolean keepTrying() {
        return !stopping || System.nanoTime() - stopDeadlineNanos < 0;
    }

    /** The threads of one start, and how they end. */
    private final class Run {

        final boolean drain;
        final CountDownLatch receiversDone;
        final BatchWriter writer;
        final Acknowledger acknowledger;
        final DrainGate gate;
        final ScheduledExecutorService visibility;
        final ReceiveConcurrency concurrency;
        final AtomicBoolean finished = new AtomicBoolean();

        Run(boolean drain) {
            EtlConfig.Receive receive = config.receive();
            this.drain = drain;
            this.receiversDone = new CountDownLatch(receive.concurrency());
            this.concurrency = new ReceiveConcurrency(Math.min(MIN_RECEIVERS, receive.concurrency()), receive.concurrency(),
                    System::nanoTime);
            stats.receiving(concurrency::level);
            long visibilityNanos = receive.visibilityTimeout().toNanos();
            this.acknowledger = new Acknowledger(queue, window, stats, retry, Pipeline.this::keepTrying, receive.visibilityTimeout(),
                    SqsConnectionPool.deleters(receive.concurrency()), () -> SqsConnectionPool.deleters(concurrency.level()));
            BatchCommitter committer = new BatchCommitter(store, acknowledger, stats, databaseRetry, reachability.database(),
                    () -> !givingUp && keepTrying());
            this.writer = new BatchWriter(config.write(), committer, receiversDone, Pipeline.this::fail, acknowledger);
            this.gate = new DrainGate(window, visibilityNanos, System::nanoTime);
            this.visibility = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "etl-visibility"));
        }

        void begin() {
            VisibilityHeartbeat extender = new VisibilityHeartbeat(window, queue, stats, config.receive(), System::nanoTime);
            long period = extender.period().toMillis();
            visibility.scheduleWithFixedDelay(() -> {
                try {
                    extender.tick();
                } catch (RuntimeException e) {
                    // A throwing task is never scheduled again: log the bug, keep the heartbeat alive.
                    LOG.errorf("Visibility heartbeat tick failed: %s", Failures.describe(e));
                }
            }, period, period, TimeUnit.MILLISECONDS);
            if (drain) {
                visibility.scheduleWithFixedDelay(Pipeline.this::giveUpOnPermanentFailure, 1, 1, TimeUnit.SECONDS);
            }
            for (int i = 1; i <= config.receive().concurrency(); i++) {
                int index = i;
                new Thread(() -> new Receiver(this, index).run(), "etl-receiver-" + i).start();
            }
            writer.start();
        }

        /** Waits for receivers, writer and deletes to end and the window to empty; false if the timeout passed. */
        boolean await(long timeoutNanos) throws InterruptedException {
            long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            return receiversDone.await(remaining(deadline), TimeUnit.NANOSECONDS)
                    && writer.join(remaining(deadline))
                    && acknowledger.finish(remaining(deadline), TimeUnit.NANOSECONDS)
                    && window.awaitEmpty(deadline);
        }
    }

    /**
     * One receiver thread: wait for its turn, reserve room, poll, hand off; in drain mode until the
     * gate says drained. Any receiver ending means the run ends: it wakes the parked ones to end too.
     */
    private final class Receiver {

        private final Run run;
        private final int index;

        Receiver(Run run, int index) {
            this.run = run;
            this.index = index;
        }

        void run() {
            Duration wait = run.drain ? config.drain().waitTime() : config.receive().waitTime();
            int max = config.receive().maxMessages();
            try {
                while (receiving && !run.gate.done()) {
                    if (!run.concurrency.awaitTurn(index, Duration.ofSeconds(1))) {
                        if (run.concurrency.released()) {
                            return;
                        }
                        continue;
                    }
                    heartbeat.beat();
                    if (!window.reserve(max, Duration.ofSeconds(1))) {
                        continue;
                    }
                    if (!run.gate.beginReceive()) {
                        window.unreserve(max);
                        return;
                    }
                    List<InboundMessage> messages;
                    try {
                        long started = System.nanoTime();
                        messages = retry.call("SQS receive", reachability.sqs().tracking(run.gate.attempt(() -> queue.receive(wait))),
                                SqsFailures::isRetryable, () -> receiving);
                        window.admit(max, messages);
                        run.concurrency.onReceive(messages.size(), max, System.nanoTime() - started,
                                window.room() >= max && run.writer.hasRoom());
                    } catch (GaveUpException e) {
                        window.unreserve(max);
                        if (receiving) {
                            fail(e);
                        }
                        return;
                    } finally {
                        run.gate.endReceive();
                    }
                    if (messages.isEmpty()) {
                        if (run.drain && run.gate.drained(depth())) {
                            return;
                        }
                        continue;
                    }
                    stats.received.add(messages.size());
                    run.writer.offer(process(messages));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (GaveUpException | RuntimeException e) {
                if (receiving) {
                    fail(e);
                }
            } finally {
                run.concurrency.release();
                run.receiversDone.countDown();
            }
        }

        private List<Outcome> process(List<InboundMessage> messages) {
            List<Outcome> outcomes = new ArrayList<>(messages.size());
            for (InboundMessage message : messages) {
                try {
                    outcomes.add(processor.process(message));
                } catch (RuntimeException e) {
                    // A bug, not bad input (bad input is a Rejected outcome). Leave the message in the queue:
                    // it returns after the visibility timeout and, if it keeps failing, meets the redrive policy.
                    LOG.errorf("Processing message %s failed unexpectedly; leaving it in the queue: %s",
                            message.messageId(), Failures.describe(e));
                    window.settle(message, Settlement.FAILED_PROCESSING);
                }
            }
            return outcomes;
        }

        private MessageQueue.QueueDepth depth() throws GaveUpException, InterruptedException {
            return retry.call("SQS queue attributes", reachability.sqs().tracking(queue::depth), SqsFailures::isRetryable,
                    () -> receiving);
        }
    }

    private static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
    }
}
