package io.loginetl.pipeline;

import io.loginetl.ingest.MessageQueue.QueueDepth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrainGateTest {

    private final FakeClock clock = new FakeClock();
    private final InFlightWindow window = new InFlightWindow(10, new PipelineStats(), clock::nanos);
    private final DrainGate gate = new DrainGate(window, Duration.ofSeconds(30).toNanos(), clock::nanos);

    @Test
    void endsWhenTheQueueIsEmptyAndNothingIsHeld() {
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
    void waitsOneVisibilityTimeoutForMessagesInFlightThatItDoesNotHold() {
        assertThat(gate.drained(new QueueDepth(0, 20))).as("lost receive replies come back").isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(gate.drained(new QueueDepth(0, 5))).isTrue();
        assertThat(gate.leftInFlight()).isEqualTo(5);
    }

    @Test
    void messagesComingBackRestartTheWait() {
        gate.drained(new QueueDepth(0, 20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(20, 0))).isFalse();
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gate.drained(new QueueDepth(0, 20))).isFalse();
    }
}
