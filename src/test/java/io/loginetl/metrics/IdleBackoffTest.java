package io.loginetl.metrics;

import io.loginetl.ingest.MessageQueue.QueueDepth;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleBackoffTest {

    private static final QueueDepth EMPTY = new QueueDepth(0, 0);

    private final IdleBackoff backoff = new IdleBackoff();

    @Test
    void samplesEveryTickWhileTheQueueHasMessages() {
        assertThat(backoff.due(0, null)).as("the first sample").isTrue();
        for (int i = 0; i < 30; i++) {
            assertThat(backoff.due(0, new QueueDepth(5, 0))).isTrue();
            assertThat(backoff.due(0, new QueueDepth(0, 3))).as("in flight, even if not ours").isTrue();
        }
    }

    @Test
    void samplesEveryTickWhileMessagesAreReceivedEvenIfTheLastSampleWasEmpty() {
        for (int received = 0; received < 30; received++) {
            assertThat(backoff.due(received * 10L, EMPTY)).isTrue();
        }
    }

    @Test
    void anIdleQueueIsSampledEveryTenthTickAndAtTheFirstTickAfterAReceive() {
        assertThat(backoff.due(7, EMPTY)).isTrue();
        int due = 0;
        for (int tick = 0; tick < 10 * IdleBackoff.IDLE_EVERY; tick++) {
            due += backoff.due(7, EMPTY) ? 1 : 0;
        }
        assertThat(due).isEqualTo(10);

        assertThat(backoff.due(7, EMPTY)).isFalse();
        assertThat(backoff.due(8, EMPTY)).as("a message arrived").isTrue();
    }
}
