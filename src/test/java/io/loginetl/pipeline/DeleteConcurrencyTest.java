package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.support.Retry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The acknowledger puts as many deletes on the wire at once as it is told (the receivers polling), never more than its maximum. */
class DeleteConcurrencyTest {

    private static final int MAXIMUM = 8;

    private final Harness h = new Harness(true);
    private final AtomicInteger deleters = new AtomicInteger(3);
    private final Acknowledger acknowledger = new Acknowledger(h.queue, h.window, h.stats,
            new Retry(Duration.ofMillis(1), Duration.ofMillis(2)), () -> true, Harness.VISIBILITY, MAXIMUM, deleters::get);

    @Test
    void deletesOnTheWireFollowTheDeleterCountUpToTheMaximum() throws Exception {
        h.queue.holdDeletes();
        acknowledger.settle(stored(h.sendAndReceive("a", 60)), List.of()); // six deletes of ten
        await().atMost(Duration.ofSeconds(10)).until(() -> h.queue.deletesOnTheWire() == 3);
        Thread.sleep(200); // long enough for a fourth thread to start if one were allowed
        assertThat(h.queue.deletesOnTheWire()).as("the other three wait behind, not beside").isEqualTo(3);

        deleters.set(20); // the receivers grew past the maximum
        acknowledger.settle(stored(h.sendAndReceive("b", 30)), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> h.queue.deletesOnTheWire() == MAXIMUM);
        Thread.sleep(200);
        assertThat(h.queue.deletesOnTheWire()).isEqualTo(MAXIMUM);

        h.queue.answerDeletes();
        assertThat(acknowledger.finish(10, TimeUnit.SECONDS)).isTrue();
        assertThat(h.stats.deleted()).isEqualTo(90);
        assertThat(h.window.size()).isZero();
    }

    private static List<Acknowledger.Settling> stored(List<InboundMessage> messages) {
        return messages.stream().map(m -> new Acknowledger.Settling(m, Settlement.STORED)).toList();
    }
}
