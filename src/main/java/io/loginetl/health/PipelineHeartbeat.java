package io.loginetl.health;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * Proof of life of the poll loop. Receivers beat at least once per long poll (and every second
 * while they wait for in-flight room), so a long silence means a stuck loop, not an idle queue.
 */
@Singleton
public class PipelineHeartbeat {

    private volatile long lastBeatNanos = System.nanoTime();
    private volatile boolean running;

    public void beat() {
        lastBeatNanos = System.nanoTime();
    }

    public void running(boolean running) {
        this.running = running;
        beat();
    }

    public boolean isRunning() {
        return running;
    }

    /** Time since the last beat, or empty when the loop is not meant to run (drain finished, stopped). */
    public Optional<Duration> silence() {
        return running ? Optional.of(Duration.ofNanos(System.nanoTime() - lastBeatNanos)) : Optional.empty();
    }
}
