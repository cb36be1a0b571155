package io.loginetl.health;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ReachabilityTest {

    private final Reachability.Endpoint database = new Reachability().database();

    @Test
    void aPermanentProblemOutlivesTheIdleProbeUntilAWriteSucceeds() {
        database.failed(new SQLException("permission denied for table user_logins", "42501"));
        long since = database.problem().orElseThrow().sinceNanos();

        database.reachable(); // the probe's connection check
        assertThat(database.up()).hasValue(false);
        database.failed(new SQLException("connection reset", "08006")); // an outage in between
        assertThat(database.problem()).hasValueSatisfying(p -> assertThat(p.sinceNanos()).isEqualTo(since));

        database.succeeded();
        assertThat(database.up()).hasValue(true);
        assertThat(database.problem()).isEmpty();
    }

    @Test
    void onlyThePipelinesOwnCallsCountAsCalls() {
        database.reachable();
        database.probeFailed(new SQLException("refused", "08001"));
        assertThat(database.up()).as("readiness learns from the probe").hasValue(false);
        assertThat(database.sinceLastCall()).as("liveness does not").isEmpty();

        database.failed(new SQLException("refused", "08001"));
        assertThat(database.sinceLastCall()).isPresent();
    }

    @Test
    void anOutageAloneIsNoPermanentProblem() {
        database.failed(new SQLException("refused", "08001"));
        assertThat(database.problem()).isEmpty();
        database.reachable();
        assertThat(database.up()).hasValue(true);
    }
}
