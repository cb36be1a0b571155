package io.loginetl.pipeline;

import io.loginetl.health.Reachability;
import io.loginetl.ingest.MessageQueue;
import io.loginetl.ingest.SqsFailures;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The start's check that the source and dead-letter queues answer, with the one retry helper. It
 * runs on a thread of its own from the moment the settings are known, so that building the SQS
 * client and its first requests overlap the wait for the database instead of following it (a
 * scale-to-zero pod pays both on every start); {@link #await} hands its outcome to the start.
 */
final class QueueCheck {

    private final CompletableFuture<Long> millis = new CompletableFuture<>();

    private QueueCheck() {
    }

    /** @param keepTrying false once the pipeline is stopping: a retrying check then gives up */
    static QueueCheck begin(MessageQueue queue, Retry retry, Reachability.Endpoint sqs, BooleanSupplier keepTrying) {
        QueueCheck check = new QueueCheck();
        Thread thread = new Thread(() -> check.run(queue, retry, sqs, keepTrying), "etl-queue-check");
        thread.setDaemon(true); // a start that fails on the database exits without waiting for it
        thread.start();
        return check;
    }

    private void run(MessageQueue queue, Retry retry, Reachability.Endpoint sqs, BooleanSupplier keepTrying) {
        long started = System.nanoTime();
        try {
            retry.call("SQS queue check", sqs.tracking(() -> {
                queue.verify();
                return null;
            }), SqsFailures::isRetryable, keepTrying);
            millis.complete((System.nanoTime() - started) / 1_000_000);
        } catch (GaveUpException | InterruptedException | RuntimeException | Error e) {
            millis.completeExceptionally(e); // the start rethrows it; left out, an Error would leave the start waiting
        }
    }

    /** Milliseconds the check took, once it has succeeded; what made it give up, if it did. */
    long await() throws GaveUpException, InterruptedException {
        try {
            return millis.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GaveUpException gaveUp) {
                throw gaveUp;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) cause;
        }
    }
}
