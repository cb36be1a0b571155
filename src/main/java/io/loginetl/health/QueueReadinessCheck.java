package io.loginetl.health;

import io.loginetl.ingest.SqsQueue;
import io.loginetl.support.Failures;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the source queue answers. The database side is Agroal's own readiness check
 * ({@code quarkus.datasource.health.enabled}, on by default), so together they say "both ends reachable".
 */
@Readiness
public class QueueReadinessCheck implements HealthCheck {

    private final SqsQueue queue;

    public QueueReadinessCheck(SqsQueue queue) {
        this.queue = queue;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("sqs-queue");
        try {
            return response.up().withData("approximate-visible-messages", queue.approximateVisibleMessages()).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", Failures.describe(e)).build();
        }
    }
}
