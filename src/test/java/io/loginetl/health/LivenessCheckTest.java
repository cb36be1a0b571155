package io.loginetl.health;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.pipeline.InFlightWindow;
import io.loginetl.pipeline.PipelineStats;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LivenessCheckTest {

    @Test
    void holdingNothingIsNeverAStall() {
        assertThat(LivenessCheck.stalledFor(0, Duration.ofHours(1), Optional.empty())).isZero();
    }

    @Test
    void aStallIsTheTimeSinceTheLastSignOfLife() {
        assertThat(LivenessCheck.stalledFor(5, Duration.ofMinutes(7), Optional.of(Duration.ofSeconds(3))))
                .as("a database attempt finished 3 s ago: an outage being retried").isEqualTo(Duration.ofSeconds(3));
        assertThat(LivenessCheck.stalledFor(5, Duration.ofMinutes(7), Optional.of(Duration.ofMinutes(9))))
                .as("writer hung in a call").isEqualTo(Duration.ofMinutes(7));
        assertThat(LivenessCheck.stalledFor(5, Duration.ofMinutes(7), Optional.empty())).isEqualTo(Duration.ofMinutes(7));
    }

    /** The whole check, not only the arithmetic: a held message with nothing moving for longer than the bound is DOWN. */
    @Test
    void heldWorkWithoutProgressPastTheStallTimeoutIsDown() {
        AtomicLong now = new AtomicLong();
        InFlightWindow window = new InFlightWindow(10, new PipelineStats(), now::get);
        Reachability.Endpoint database = new Reachability().database();
        PipelineHeartbeat heartbeat = new PipelineHeartbeat();
        heartbeat.running(true);
        LivenessCheck check = new LivenessCheck(heartbeat, window, database, Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        window.admit(1, List.of(new InboundMessage("m", "r", "{}", Instant.now(), 1)));
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(check.call().getStatus()).as("within the bound").isEqualTo(HealthCheckResponse.Status.UP);
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(check.call().getStatus()).as("writer or deleter stuck").isEqualTo(HealthCheckResponse.Status.DOWN);

        database.reachable(); // the idle probe connects while the writer's own call hangs: no progress
        database.probeFailed(new SQLException("refused", "08001"));
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        database.failed(new SQLException("refused", "08001")); // an outage being retried is progress of a kind
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
