package io.loginetl.health;

import io.loginetl.config.EtlConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;

/**
 * Live while the poll loop beats. The allowed silence is two long polls plus slack, so an idle
 * queue never looks dead, while a loop stuck for a minute gets the pod restarted.
 */
@Liveness
public class LivenessCheck implements HealthCheck {

    private final PipelineHeartbeat heartbeat;
    private final Duration allowedSilence;

    public LivenessCheck(PipelineHeartbeat heartbeat, EtlConfig config) {
        this.heartbeat = heartbeat;
        this.allowedSilence = config.receive().waitTime().multipliedBy(2).plusSeconds(30);
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("poll-loop");
        return heartbeat.silence()
                .map(silence -> response.status(silence.compareTo(allowedSilence) <= 0)
                        .withData("seconds-since-heartbeat", silence.toSeconds()))
                .orElseGet(() -> response.up().withData("state", "not polling"))
                .build();
    }
}
