package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InFlightWindowTest {

    private final FakeClock clock = new FakeClock();
    private final PipelineStats stats = new PipelineStats();
    private final InFlightWindow window = new InFlightWindow(10, stats, clock::nanos);

    @Test
    void aReceiveThatReturnsFewerThanAskedGivesTheRestOfItsRoomBack() throws Exception {
        assertThat(window.reserve(10, Duration.ZERO)).isTrue();
        window.admit(10, List.of(message("a"), message("b"), message("c")));

        assertThat(window.reserve(7, Duration.ZERO)).isTrue();
        assertThat(window.reserve(1, Duration.ZERO)).as("three are held").isFalse();
        window.unreserve(7);
        window.settle(message("a"), Settlement.STORED);
        assertThat(window.reserve(8, Duration.ZERO)).isTrue();
    }

    @Test
    void moreMessagesThanReservedIsRefused() throws Exception {
        window.reserve(1, Duration.ZERO);
        assertThatIllegalArgumentException().isThrownBy(() -> window.admit(1, List.of(message("a"), message("b"))));
    }

    @Test
    void settlingTwiceOrSomethingNeverAdmittedIsCountedAsABug() throws Exception {
        window.reserve(1, Duration.ZERO);
        window.admit(1, List.of(message("a")));

        window.settle(message("a"), Settlement.STORED);
        window.settle(message("a"), Settlement.DUPLICATE);
        window.settle(message("never"), Settlement.STORED);

        assertThat(stats.settleErrors()).isEqualTo(2);
        assertThat(stats.stored()).isEqualTo(1);
        assertThat(stats.duplicates()).isZero();
    }

    @Test
    void settlingADeletesWorthCountsEachOutcomeAndGivesBackRoomOnlyForWhatWasHeld() throws Exception {
        window.reserve(10, Duration.ZERO);
        window.admit(10, List.of(message("a"), message("b"), message("c")));

        window.settleAll(List.of(new Acknowledger.Settling(message("a"), Settlement.STORED),
                new Acknowledger.Settling(message("b"), Settlement.DEAD_LETTERED),
                new Acknowledger.Settling(message("never"), Settlement.STORED)));

        assertThat(stats.stored()).isEqualTo(1);
        assertThat(stats.deadLettered()).isEqualTo(1);
        assertThat(stats.settleErrors()).as("the one never admitted").isEqualTo(1);
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.reserve(9, Duration.ZERO)).as("room for a and b came back, not for 'never'").isTrue();
        assertThat(window.reserve(1, Duration.ZERO)).isFalse();

        window.settleAll(List.of(new Acknowledger.Settling(message("c"), Settlement.DUPLICATE)));
        assertThat(window.awaitEmpty(clock.nanos())).as("the last settlement empties the window").isTrue();
    }

    @Test
    void oneMessageReceivedTwiceIsHeldTwiceByReceiptHandle() throws Exception {
        window.reserve(2, Duration.ZERO);
        window.admit(2, List.of(new InboundMessage("same", "h1", "{}", null, 1), new InboundMessage("same", "h2", "{}", null, 2)));
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void knowsTheAgeOfTheOldestUnsettledMessage() throws Exception {
        assertThat(window.oldestUnsettledAge()).isEmpty();
        window.reserve(1, Duration.ZERO);
        window.admit(1, List.of(message("old")));
        clock.advance(Duration.ofSeconds(5));
        window.reserve(1, Duration.ZERO);
        window.admit(1, List.of(message("new")));
        clock.advance(Duration.ofSeconds(2));

        assertThat(window.oldestUnsettledAge()).contains(Duration.ofSeconds(7));
        assertThat(window.sinceProgress()).isEqualTo(Duration.ofSeconds(2));
        window.settle(message("old"), Settlement.STORED);
        assertThat(window.oldestUnsettledAge()).contains(Duration.ofSeconds(2));
    }

    @Test
    void abandonedMessagesSettleQuietlyWhenTheirWorkFinishesLate() throws Exception {
        window.reserve(2, Duration.ZERO);
        window.admit(2, List.of(message("a"), message("b")));

        assertThat(window.abandonAll()).extracting(InboundMessage::messageId).containsExactlyInAnyOrder("a", "b");
        window.settle(message("a"), Settlement.STORED);

        assertThat(stats.settled(Settlement.ABANDONED)).isEqualTo(2);
        assertThat(stats.stored()).isZero();
        assertThat(stats.settleErrors()).isZero();
        assertThat(window.reserve(10, Duration.ZERO)).isTrue();
    }

    @Test
    void awaitEmptyStopsAtItsDeadline() throws Exception {
        InFlightWindow realTime = new InFlightWindow(1, stats, System::nanoTime);
        realTime.reserve(1, Duration.ZERO);
        realTime.admit(1, List.of(message("a")));
        assertThat(realTime.awaitEmpty(System.nanoTime() + Duration.ofMillis(50).toNanos())).isFalse();
        realTime.settle(message("a"), Settlement.STORED);
        assertThat(realTime.awaitEmpty(Long.MAX_VALUE)).isTrue();
    }

    static InboundMessage message(String id) {
        return new InboundMessage(id, "handle-" + id, "{}", null, 1);
    }
}
