package io.loginetl.pipeline;

import io.loginetl.ingest.MessageQueue.QueueDepth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainGateTest {

    private final FakeClock clock = new FakeClock();
    private final InFlightWindow window = new InFlightWindow(10, new PipelineStats(), clock::nanos);
    private final DrainGate gate = new DrainGate(window, Duration.ofSeconds(30).toNanos(), clock::nanos);

    @Test
    void endsWhenTheQueueIsEmptyAndNothingIsHeld() throws Exception {
        assertThat(gate.drained(new QueueDepth(0, 0))).isTrue();
        assertThat(gate.done()).isTrue();
        assertThat(gate.leftInFlight()).isZero();
    }

    @Test
    void doesNotEndWhileThisProcessHoldsMessagesOrSomeAreVisible() throws Exception {
        window.reserve(1, Duration.ZERO);
        window.admit(1, List.of(InFlightWindowTest.message("a")));
        assertThat(gate.drained(new QueueDepth(0, 0))).isFalse();
        window.settle(InFlightWindowTest.message("a"), Settlement.STORED);
        assertThat(gate.drained(new QueueDepth(3, 0))).isFalse();
    }

    @Test
    void waitsOneVisibilityTimeoutForMessagesInFlightThatItDoesNotHold() throws Exception {
        assertThat(gate.drained(new QueueDepth(0, 20))).as("lost receive replies come back").isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(gate.drained(new QueueDepth(0, 5))).isTrue();
        assertThat(gate.leftInFlight()).isEqualTo(5);
    }

    @Test
    void messagesComingBackRestartTheWait() throws Exception {
        gate.drained(new QueueDepth(0, 20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(20, 0))).isFalse();
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
    }

    /** The FaultyQueueIT case: a receive whose reply was lost after the wait began hid messages for a whole timeout from then. */
    @Test
    void aReceiveFailingAfterTheWaitBeganRestartsIt() throws Exception {
        assertThat(gate.drained(new QueueDepth(0, 10))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        failOneReceive();
        clock.advance(Duration.ofSeconds(10));
        assertThat(gate.drained(new QueueDepth(0, 10))).as("30 s after the wait began, 10 s after the failure").isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(0, 10))).as("30 s after the failure").isTrue();
    }

    /** A message received and settled (say its delete failed) after the wait began comes back up to a timeout later. */
    @Test
    void aMessageHeldAfterTheWaitBeganRestartsIt() throws Exception {
        assertThat(gate.drained(new QueueDepth(0, 10))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        window.reserve(1, Duration.ZERO);
        window.admit(1, List.of(InFlightWindowTest.message("a")));
        window.settle(InFlightWindowTest.message("a"), Settlement.STORED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(gate.drained(new QueueDepth(0, 10))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(0, 10))).isTrue();
    }

    /** A receive still on the wire when the queue looks empty is waited for; its failure keeps the drain going. */
    @Test
    void aReceiveOnTheWireThatFailsKeepsTheDrainGoing() throws Exception {
        Closing closing = closeWithAReceiveOnTheWire();
        failOneReceive();
        gate.endReceive();
        assertThat(closing.verdict().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(closing.next().get(5, TimeUnit.SECONDS)).as("the next receive may start").isTrue();
        assertThat(gate.done()).isFalse();
    }

    @Test
    void aReceiveOnTheWireThatComesBackEmptyEndsTheDrain() throws Exception {
        Closing closing = closeWithAReceiveOnTheWire();
        gate.endReceive();
        assertThat(closing.verdict().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(closing.next().get(5, TimeUnit.SECONDS)).as("no receive starts after the drain").isFalse();
    }

    /** The drain's verdict on an empty queue, and the next receiver's begin, both waiting on a receive still on the wire. */
    private record Closing(CompletableFuture<Boolean> verdict, CompletableFuture<Boolean> next) {
    }

    private Closing closeWithAReceiveOnTheWire() throws Exception {
        assertThat(gate.beginReceive()).isTrue();
        CompletableFuture<Boolean> verdict = CompletableFuture.supplyAsync(this::drainedOnEmptyQueue);
        assertStillWaiting(verdict);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(this::beginReceive);
        assertStillWaiting(next);
        return new Closing(verdict, next);
    }

    private void failOneReceive() throws Exception {
        assertThatThrownBy(() -> gate.attempt(() -> {
            throw new IllegalStateException("reply lost");
        }).call()).hasMessage("reply lost");
    }

    private boolean drainedOnEmptyQueue() {
        try {
            return gate.drained(new QueueDepth(0, 0));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean beginReceive() {
        try {
            return gate.beginReceive();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertStillWaiting(CompletableFuture<Boolean> future) {
        assertThatThrownBy(() -> future.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }
}
