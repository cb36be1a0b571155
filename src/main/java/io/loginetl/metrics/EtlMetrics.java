package io.loginetl.metrics;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.pipeline.PipelineStats;
import io.loginetl.validation.RejectReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The {@code login_etl_*} meters of /q/metrics (names: docs/metrics.md). Counters are read from
 * {@link PipelineStats}, the pipeline's own counts, so the metrics, the progress line and the drain
 * summary cannot disagree; the histograms see each committed batch. Buckets are explicit
 * (service-level objectives) so every histogram has {@code _bucket} series for {@code histogram_quantile}.
 */
@Startup
@Singleton
public class EtlMetrics implements PipelineStats.CommitListener {

    static final String PREFIX = "login_etl.";

    private static final Duration[] COMMIT_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    private static final double[] ROW_BUCKETS = {1, 10, 50, 100, 250, 500, 1000, 2000};
    /** From "just sent" to "a backlog of an hour": the end-to-end lag an alert looks at. */
    private static final Duration[] AGE_BUCKETS = seconds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 14400);

    private final PipelineStats stats;
    private final Instance<HealthCheck> readiness;
    private final Timer commit;
    private final DistributionSummary rows;
    private final Timer age;

    /** Not the pipeline itself: creating it checks the configuration, which start-up does first, with a one-line error. */
    public EtlMetrics(MeterRegistry registry, PipelineStats stats, @Readiness Instance<HealthCheck> readiness) {
        this.stats = stats;
        this.readiness = readiness;
        counter(registry, "messages.received", "Messages returned by ReceiveMessage", PipelineStats::received);
        counter(registry, "messages.stored", "New rows committed", PipelineStats::stored);
        counter(registry, "messages.duplicate", "Redeliveries absorbed by message_id", PipelineStats::duplicates);
        counter(registry, "messages.dead.lettered", "Rejects sent to the dead-letter queue", PipelineStats::deadLettered);
        counter(registry, "messages.deleted", "Deletes SQS confirmed", PipelineStats::deleted);
        counter(registry, "delete.failures", "Deletes refused or failed (the message is redelivered and skipped)",
                PipelineStats::deleteFailures);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder(PREFIX + "messages.rejected", stats, s -> s.rejected(reason))
                    .description("Invalid messages, by reason").tag("reason", reason.tag()).register(registry);
        }
        FunctionCounter.builder(PREFIX + "retries", stats, PipelineStats::sqsRetries)
                .description("Retried attempts, by dependency").tag("dependency", "sqs").register(registry);
        FunctionCounter.builder(PREFIX + "retries", stats, PipelineStats::databaseRetries)
                .description("Retried attempts, by dependency").tag("dependency", "database").register(registry);
        Gauge.builder(PREFIX + "messages.in.flight", stats, PipelineStats::held)
                .description("Messages held by the in-flight window").strongReference(true).register(registry);
        Gauge.builder(PREFIX + "receivers.polling", stats, PipelineStats::receivers)
                .description("Receivers allowed to long-poll at once (adapts to the queue; at most ETL_RECEIVE_CONCURRENCY)")
                .strongReference(true).register(registry);
        Gauge.builder(PREFIX + "ready", this, EtlMetrics::ready)
                .description("1 when readiness is UP, else 0").strongReference(true).register(registry);
        this.commit = Timer.builder(PREFIX + "batch.commit").description("Duration of a batch's transaction")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
        this.rows = DistributionSummary.builder(PREFIX + "batch.rows").description("Rows per committed batch")
                .serviceLevelObjectives(ROW_BUCKETS).register(registry);
        this.age = Timer.builder(PREFIX + "message.age.at.commit")
                .description("Commit time minus SentTimestamp, per committed message")
                .serviceLevelObjectives(AGE_BUCKETS).register(registry);
        stats.listen(this);
    }

    @Override
    public void committed(Duration took, int rowCount, List<InboundMessage> messages) {
        commit.record(took);
        rows.record(rowCount);
        Instant now = Instant.now();
        for (InboundMessage m : messages) {
            if (m.sentAt() != null) {
                // SentTimestamp is the queue's clock: a skew that puts it in our future counts as zero.
                Duration lag = Duration.between(m.sentAt(), now);
                age.record(lag.isNegative() ? Duration.ZERO : lag);
            }
        }
    }

    /** Every readiness check answers from memory (health/Reachability), so a scrape never waits on a server. */
    private double ready() {
        for (HealthCheck check : readiness) {
            if (check.call().getStatus() != HealthCheckResponse.Status.UP) {
                return 0;
            }
        }
        return 1;
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<PipelineStats> count) {
        FunctionCounter.builder(PREFIX + name, stats, count).description(description).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return durations;
    }
}
