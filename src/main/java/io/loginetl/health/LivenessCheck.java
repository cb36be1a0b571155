package io.loginetl.health;

import io.loginetl.config.EtlConfig;
import io.loginetl.pipeline.InFlightWindow;
import io.loginetl.pipeline.Pipeline;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.Optional;

/**
 * Live while the whole pipeline moves: the receivers beat (at least once per long poll, and every
 * second while they wait for room), and, while messages are held, some stage made progress within
 * {@code etl.health.stall-timeout}: a message admitted or settled, or one of the pipeline's own
 * database calls finished (an outage being retried is not a hang; the idle probe's checks do not
 * count). A writer or deleter stuck in a call fills the window, the receivers then wait for room,
 * and nothing else moves: that is DOWN, and a restart helps.
 */
@Liveness
public class LivenessCheck implements HealthCheck {

    private final PipelineHeartbeat heartbeat;
    private final InFlightWindow window;
    private final Reachability.Endpoint database;
    private final Duration allowedSilence;
    private final Duration stallTimeout;

    @Inject
    public LivenessCheck(PipelineHeartbeat heartbeat, Pipeline pipeline, Reachability reachability, EtlConfig config) {
        this(heartbeat, pipeline.window(), reachability.database(), config.receive().waitTime().multipliedBy(2).plusSeconds(30),
                config.health().stallTimeout());
    }

    LivenessCheck(PipelineHeartbeat heartbeat, InFlightWindow window, Reachability.Endpoint database, Duration allowedSilence,
                  Duration stallTimeout) {
        this.heartbeat = heartbeat;
        this.window = window;
        this.database = database;
        this.allowedSilence = allowedSilence;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("pipeline");
        Optional<Duration> silence = heartbeat.silence();
        if (silence.isEmpty()) {
            return response.up().withData("state", "not running").build();
        }
        Duration stalled = stalledFor(window.size(), window.sinceProgress(), database.sinceLastCall());
        boolean receiversBeat = silence.get().compareTo(allowedSilence) <= 0;
        boolean moving = stalled.compareTo(stallTimeout) <= 0;
        return response.status(receiversBeat && moving)
                .withData("seconds-since-receiver-beat", silence.get().toSeconds())
                .withData("held", window.size())
                .withData("seconds-without-progress", stalled.toSeconds())
                .build();
    }

    /** How long the pipeline has held work without any stage moving; zero when it holds nothing. */
    static Duration stalledFor(int held, Duration sinceProgress, Optional<Duration> sinceDatabaseAttempt) {
        if (held == 0) {
            return Duration.ZERO;
        }
        return sinceDatabaseAttempt.filter(d -> d.compareTo(sinceProgress) < 0).orElse(sinceProgress);
    }
}
