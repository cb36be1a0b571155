package io.loginetl.health;

import io.loginetl.support.Failures;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What the pipeline last learnt about each end it talks to, so readiness answers from memory in
 * microseconds instead of calling a server that may be hanging (a probe's timeout is one second).
 * Every attempt the pipeline makes reports here; {@link DatabaseProbe} fills the gaps when it is idle.
 */
@Singleton
public class Reachability {

    private final Endpoint sqs = new Endpoint();
    private final Endpoint database = new Endpoint();

    public Endpoint sqs() {
        return sqs;
    }

    public Endpoint database() {
        return database;
    }

    /** One server's last known state. */
    public static final class Endpoint {

        private volatile long lastAttemptNanos;
        private volatile boolean attempted;
        private volatile boolean up;
        private volatile String lastError = "";

        /** Wraps an operation so that its outcome is recorded before it is returned or thrown. */
        public <T> Callable<T> tracking(Callable<T> operation) {
            return () -> {
                try {
                    T result = operation.call();
                    succeeded();
                    return result;
                } catch (Exception e) {
                    failed(e);
                    throw e;
                }
            };
        }

        public void succeeded() {
            up = true;
            touch();
        }

        public void failed(Exception e) {
            lastError = Failures.describe(e);
            up = false;
            touch();
        }

        /** Empty until the first attempt; then whether the last one succeeded. */
        public Optional<Boolean> up() {
            return attempted ? Optional.of(up) : Optional.empty();
        }

        public String lastError() {
            return lastError;
        }

        /** Time since the last attempt finished, either way: an end whose calls finish is not hung. */
        public Optional<Duration> sinceLastAttempt() {
            return attempted ? Optional.of(Duration.ofNanos(System.nanoTime() - lastAttemptNanos)) : Optional.empty();
        }

        private void touch() {
            lastAttemptNanos = System.nanoTime();
            attempted = true;
        }
    }
}
