package io.loginetl.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

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
}
