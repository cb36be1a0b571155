package io.loginetl.metrics;

import io.loginetl.health.PipelineHeartbeat;
import io.loginetl.ingest.MessageQueue.QueueDepth;
import io.loginetl.ingest.SqsQueue;
import io.loginetl.pipeline.PipelineStats;
import io.loginetl.support.Failures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * {@code login_etl_queue_messages{queue, state}}: the source (and dead-letter) queue's approximate
 * counts, read every {@code etl.metrics.queue-depth-interval} while the pipeline runs, never per
 * receive, and less often while the queue is idle ({@link IdleBackoff}). The gauges appear with the
 * first sample; a failed sample keeps the last values (the pipeline's own calls report the outage
 * to readiness).
 */
@Singleton
public class QueueDepthSampler {

    private static final Logger LOG = Logger.getLogger(QueueDepthSampler.class);

    private final Provider<SqsQueue> queue;
    private final PipelineHeartbeat heartbeat;
    private final MeterRegistry registry;
    private final PipelineStats stats;
    private final IdleBackoff backoff = new IdleBackoff();
    private final AtomicReference<QueueDepth> source = new AtomicReference<>();
    private final AtomicReference<QueueDepth> deadLetter = new AtomicReference<>();

    /** A provider: the queue URLs are resolved only once the pipeline runs (not at all in migrate mode). */
    public QueueDepthSampler(Provider<SqsQueue> queue, PipelineHeartbeat heartbeat, MeterRegistry registry,
                             PipelineStats stats) {
        this.queue = queue;
        this.heartbeat = heartbeat;
        this.registry = registry;
        this.stats = stats;
    }

    // Not once shutdown has begun: a run queued late on a busy machine would meet a stopped container
    // and log a stack trace after a one-line start-up failure (CI saw it in StartupIT).
    @Scheduled(every = "${etl.metrics.queue-depth-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sample() {
        if (!heartbeat.isRunning() || !backoff.due(stats.received(), source.get())) {
            return;
        }
        try {
            SqsQueue sqs = queue.get();
            QueueDepth depth = sqs.depth();
            Optional<QueueDepth> dead = sqs.deadLetterDepth();
            if (source.getAndSet(depth) == null) {
                register("source", source);
            }
            if (dead.isPresent() && deadLetter.getAndSet(dead.get()) == null) {
                register("dead_letter", deadLetter);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Sampling the queue depth failed; the gauges keep their last values: %s", Failures.describe(e));
        }
    }

    private void register(String queueTag, AtomicReference<QueueDepth> depth) {
        gauge(queueTag, "visible", depth, QueueDepth::visible);
        gauge(queueTag, "in_flight", depth, QueueDepth::inFlight);
    }

    private void gauge(String queueTag, String state, AtomicReference<QueueDepth> depth, ToLongFunction<QueueDepth> count) {
        Gauge.builder(EtlMetrics.PREFIX + "queue.messages", depth, d -> count.applyAsLong(d.get()))
                .description("Approximate messages in the queue, sampled every etl.metrics.queue-depth-interval (10 times that while idle)")
                .tags("queue", queueTag, "state", state).strongReference(true).register(registry);
    }
}
