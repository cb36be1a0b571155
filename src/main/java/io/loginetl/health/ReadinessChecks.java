package io.loginetl.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while both ends answered the last time the pipeline (or {@link DatabaseProbe}) tried them.
 * Answers from {@link Reachability} alone: a probe never waits on a server. Agroal's own check,
 * which opens a connection per probe, is switched off ({@code quarkus.datasource.health.enabled}).
 */
final class ReadinessChecks {

    private ReadinessChecks() {
    }

    static HealthCheckResponse of(String name, Reachability.Endpoint endpoint) {
        var response = HealthCheckResponse.named(name);
        var status = endpoint.up()
                .map(up -> up ? response.up() : response.down().withData("error", endpoint.lastError()))
                .orElseGet(() -> response.down().withData("state", "not checked yet"));
        endpoint.problem().ifPresent(p -> status.withData("permanent", p.reason())
                .withData("permanent-for-seconds", p.lasted().toSeconds()));
        return status.build();
    }

    @Readiness
    static final class Queue implements HealthCheck {
        private final Reachability reachability;

        Queue(Reachability reachability) {
            this.reachability = reachability;
        }

        @Override
        public HealthCheckResponse call() {
            return of("sqs-queue", reachability.sqs());
        }
    }

    @Readiness
    static final class Database implements HealthCheck {
        private final Reachability reachability;

        Database(Reachability reachability) {
            this.reachability = reachability;
        }

        @Override
        public HealthCheckResponse call() {
            return of("database", reachability.database());
        }
    }
}
