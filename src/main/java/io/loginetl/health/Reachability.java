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
        /** When the pipeline's own last call finished; the idle probe's checks do not count (see {@link #sinceLastCall}). */
        private volatile long lastCallNanos;
        private volatile boolean called;
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
            calledNow();
        }

        /** The pipeline's own call failed. A transient failure leaves a permanent problem, and how long it has lasted, as it was. */
        public void failed(Exception e) {
            record(e);
            calledNow();
        }

        /**
         * The server answers (the idle probe's connection check) but that proves nothing about a
         * missing table or grant: a permanent problem stays until a real call succeeds.
         */
        public void reachable() {
            up = true;
            attempted = true;
        }

        /** The idle probe's connection check failed: readiness learns of it, liveness does not count it as a call. */
        public void probeFailed(Exception e) {
            record(e);
        }

        private void record(Exception e) {
            lastError = Failures.describe(e);
            up = false;
            Optional<String> permanent = permanentProblem.apply(e);
            if (permanent.isPresent() && (problem == null || !problem.reason().equals(permanent.get()))) {
                problem = new Problem(permanent.get(), problem == null ? System.nanoTime() : problem.sinceNanos());
            }
            attempted = true;
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

        /**
         * Time since the pipeline's own last call finished, either way: an end whose calls finish is
         * not hung. Empty before its first call. The idle probe's checks are left out: they go on
         * every few seconds while a writer hangs on a lock, and would make it look like progress.
         */
        public Optional<Duration> sinceLastCall() {
            return called ? Optional.of(Duration.ofNanos(System.nanoTime() - lastCallNanos)) : Optional.empty();
        }

        /** What to fix and when it was first seen ({@code System.nanoTime}). */
        public record Problem(String reason, long sinceNanos) {

            public Duration lasted() {
                return Duration.ofNanos(System.nanoTime() - sinceNanos);
            }
        }

        private void calledNow() {
            lastCallNanos = System.nanoTime();
            called = true;
        }
    }
}
