package io.loginetl.pipeline;

import io.loginetl.health.Reachability;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start's queue check on a thread of its own: it overlaps the caller, and its outcome reaches the start. */
class QueueCheckTest {

    private final FakeQueue queue = new FakeQueue(new FakeClock(), Duration.ofSeconds(30), true);
    private final Retry retry = new Retry(Duration.ofMillis(1), Duration.ofMillis(2));
    private final Reachability.Endpoint sqs = new Reachability().sqs();

    @Test
    void runsBesideTheCallerAndTheStartWaitsForIt() throws Exception {
        queue.holdVerify();

        // Bounded: a check that ran in the caller would never return from begin() while the queue holds it.
        QueueCheck check = CompletableFuture.supplyAsync(() -> QueueCheck.begin(queue, retry, sqs, () -> true))
                .get(5, TimeUnit.SECONDS);
        CompletableFuture<Long> start = CompletableFuture.supplyAsync(() -> {
            try {
                return check.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> start.get(200, TimeUnit.MILLISECONDS)).as("the start waits for the check")
                .isInstanceOf(TimeoutException.class);
        assertThat(sqs.up()).as("not answered yet").isEmpty();
        queue.answerVerify();
        assertThat(start.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
        assertThat(queue.verifyThread).isEqualTo("etl-queue-check");
        assertThat(sqs.up()).as("readiness hears the answer").contains(true);
    }

    @Test
    void retriesWhatRetryingCanFix() throws Exception {
        queue.failNext(FakeQueue.Call.VERIFY, 2);

        QueueCheck.begin(queue, retry, sqs, () -> true).await();

        assertThat(queue.calls.get(FakeQueue.Call.VERIFY)).hasValue(3);
    }

    @Test
    void givesUpOnWhatRetryingCannotFixAndTheStartGetsTheCause() {
        queue.refuseNext(FakeQueue.Call.VERIFY, 1, 400);

        assertThatThrownBy(() -> QueueCheck.begin(queue, retry, sqs, () -> true).await())
                .isInstanceOf(GaveUpException.class).hasCauseInstanceOf(SqsException.class);
        assertThat(queue.calls.get(FakeQueue.Call.VERIFY)).hasValue(1);
        assertThat(sqs.up()).contains(false);
    }

    @Test
    void anErrorReachesTheStartInsteadOfLeavingItWaiting() {
        queue.verifyError = new NoClassDefFoundError("software/amazon/awssdk/Missing");

        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> {
            try {
                return QueueCheck.begin(queue, retry, sqs, () -> true).await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void aStopEndsARetryingCheck() {
        queue.failNext(FakeQueue.Call.VERIFY, Integer.MAX_VALUE);
        AtomicBoolean stopping = new AtomicBoolean();

        QueueCheck check = QueueCheck.begin(queue, retry, sqs, () -> !stopping.get());
        stopping.set(true);

        assertThatThrownBy(check::await).isInstanceOf(GaveUpException.class);
    }
}
