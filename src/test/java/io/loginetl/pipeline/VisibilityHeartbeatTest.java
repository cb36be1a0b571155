package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.pipeline.FakeQueue.Call;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VisibilityHeartbeatTest {

    private final Harness h = new Harness(true);
    private final VisibilityHeartbeat heartbeat = new VisibilityHeartbeat(h.window, h.queue, h.stats,
            receive(Harness.VISIBILITY, Duration.ofMinutes(5)), h.clock::nanos);

    @Test
    void aHeldMessageStaysHiddenForLongerThanItsTimeoutAndIsNeverReceivedTwice() throws Exception {
        h.sendAndReceive("m", 12);
        for (int second = 0; second < 120; second++) { // four visibility timeouts of a database outage
            h.clock.advance(Duration.ofSeconds(1));
            heartbeat.tick();
            assertThat(h.queue.receive(Duration.ZERO)).as("another consumer's receive at %d s", second).isEmpty();
        }
        assertThat(h.stats.visibilityExtensions()).isEqualTo(12 * 8); // at 15, 30, ... 120 s
        assertThat(h.queue.calls.get(Call.VISIBILITY).get()).as("ten per call").isEqualTo(2 * 8);
    }

    @Test
    void nothingIsExtendedBeforeHalfTheTimeout() throws Exception {
        h.sendAndReceive("m", 1);
        h.clock.advance(Harness.VISIBILITY.dividedBy(2).minusMillis(1));
        heartbeat.tick();
        assertThat(h.queue.calls.get(Call.VISIBILITY).get()).isZero();
    }

    @Test
    void aRefusedExtensionIsCountedOnceAndNotTriedAgain() throws Exception {
        List<InboundMessage> held = h.sendAndReceive("m", 1);
        h.clock.advance(Harness.VISIBILITY.plusSeconds(1)); // too late: the queue no longer hides it
        heartbeat.tick();
        h.clock.advance(Duration.ofSeconds(20));
        heartbeat.tick();

        assertThat(h.stats.visibilityRefusals()).isEqualTo(1);
        assertThat(h.queue.calls.get(Call.VISIBILITY).get()).isEqualTo(1);
        assertThat(h.window.believedHidden(held.get(0), Harness.VISIBILITY)).isFalse();
    }

    @Test
    void aMessageWhoseDeleteStartedIsNotExtendedNorReportedAsRefused() throws Exception {
        List<InboundMessage> held = h.sendAndReceive("m", 2);
        h.window.startDeleting(List.of(held.get(0)));
        h.clock.advance(Duration.ofSeconds(16));
        heartbeat.tick();

        assertThat(h.stats.visibilityExtensions()).isEqualTo(1);
        assertThat(h.stats.visibilityRefusals()).isZero();
    }

    @Test
    void aFailedCallIsTriedAgainOnTheNextTick() throws Exception {
        h.sendAndReceive("m", 1);
        h.queue.failNext(Call.VISIBILITY, 1);
        h.clock.advance(Duration.ofSeconds(16));
        heartbeat.tick();
        h.clock.advance(Duration.ofSeconds(1));
        heartbeat.tick();
        assertThat(h.stats.visibilityExtensions()).isEqualTo(1);
    }

    @Test
    void extensionsStopAtTheMaximumHoldTime() throws Exception {
        h.sendAndReceive("m", 1);
        for (int second = 0; second < 400; second++) {
            h.clock.advance(Duration.ofSeconds(1));
            heartbeat.tick();
        }
        // 5 minutes of hold: extended at 15, 30, ... while received-age + timeout stays within them.
        assertThat(h.stats.visibilityExtensions()).isEqualTo(18);
        assertThat(h.queue.receive(Duration.ZERO)).as("let go: back in the queue").hasSize(1);
    }

    @Test
    void ticksOftenEnoughForShortTimeouts() {
        assertThat(new VisibilityHeartbeat(h.window, h.queue, h.stats, receive(Duration.ofSeconds(2), Duration.ofHours(1)),
                h.clock::nanos).period()).isEqualTo(Duration.ofMillis(200));
        assertThat(heartbeat.period()).isEqualTo(Duration.ofSeconds(1));
    }

    static EtlConfig.Receive receive(Duration visibility, Duration maxHold) {
        return new EtlConfig.Receive() {
            public int concurrency() { return 1; }
            public Duration waitTime() { return Duration.ofSeconds(1); }
            public Duration visibilityTimeout() { return visibility; }
            public Duration maxHoldTime() { return maxHold; }
            public int maxMessages() { return 10; }
        };
    }
}
