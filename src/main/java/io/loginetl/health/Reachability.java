package io.loginetl.health;

import io.loginetl.persist.DatabaseFailures;
import io.loginetl.support.Failures;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * What the pipeline last learnt about each end it talks to, so readiness answers from memory in
 * microseconds instead of calling a server that may be hanging (a probe's timeout is one second).
 * Every attempt the pipeline makes reports here; {@link DatabaseProbe} fills the gaps when it is idle.
 */
@Singleton
public class Reachability {

    /** SQS errors that retrying cannot fix stop the process (ingest/SqsFailures); the database's are waited out. */
    private final Endpoint sqs = new Endpoint(e -> Optional.empty());
    private final Endpoint database = new Endpoint(DatabaseFailures::permanentProblem);

    public Endpoint sqs() {
        return sqs;
    }

    public Endpoint database() {
        return database;
    }

    /** One server's last known state. */
    public static final class Endpoint {

        private final Function<Throwable, Optional<String>> permanentProblem;
        private volatile long lastAttemptNanos;
        private volatile boolean attempted;
        private volatile boolean up;
        private volatile String lastError = "";
        private volatile Problem problem;

        /** {@code permanentProblem}: what to fix, for a failure that retrying alone cannot end. */
        Endpoint(Function<Throwable, Optional<String>> permanentProblem) {
            this.permanentProblem = permanentProblem;
        }

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

        /** The pipeline's own call worked: whatever was wrong is fixed. */
        public void succeeded() {
            problem = null;
            reachable();
        }

        /**
         * The server answers (the idle probe's connection check) but that proves nothing about a
         * missing table or grant: a permanent problem stays until a real call succeeds.
         */
        public void reachable() {
            up = true;
            touch();
        }

        /** A transient failure in between leaves a permanent problem, and how long it has lasted, as it was. */
        public void failed(Exception e) {
            lastError = Failures.describe(e);
            up = false;
            Optional<String> permanent = permanentProblem.apply(e);
            if (permanent.isPresent() && (problem == null || !problem.reason().equals(permanent.get()))) {
                problem = new Problem(permanent.get(), problem == null ? System.nanoTime() : problem.sinceNanos());
            }
            touch();
        }

        /** Empty until the first attempt; then whether the last one succeeded and no permanent problem is pending. */
        public Optional<Boolean> up() {
            return attempted ? Optional.of(up && problem == null) : Optional.empty();
        }

        /** A failure retrying alone cannot end, since its first occurrence; empty once a call succeeds. */
        public Optional<Problem> problem() {
            return Optional.ofNullable(problem);
        }

        public String lastError() {
            return lastError;
        }

        /** Time since the last attempt finished, either way: an end whose calls finish is not hung. */
        public Optional<Duration> sinceLastAttempt() {
            return attempted ? Optional.of(Duration.ofNanos(System.nanoTime() - lastAttemptNanos)) : Optional.empty();
        }

        /** What to fix and when it was first seen ({@code System.nanoTime}). */
        public record Problem(String reason, long sinceNanos) {

            public Duration lasted() {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
        }

        private void touch() {
            lastAttemptNanos = System.nanoTime();
            attempted = true;
        }
    }
}
