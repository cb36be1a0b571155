package io.loginetl.pipeline;

import io.loginetl.health.Reachability;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.persist.LoginRow;
import io.loginetl.support.Retry;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The settling half of the pipeline wired to fakes, on a clock the test moves. */
final class Harness {

    static final Duration VISIBILITY = Duration.ofSeconds(30);

    final FakeClock clock = new FakeClock();
    final PipelineStats stats = new PipelineStats();
    final InFlightWindow window = new InFlightWindow(100, stats, clock::nanos);
    final FakeQueue queue;
    final FakeStore store = new FakeStore();
    volatile boolean keepTrying = true;
    final Acknowledger acknowledger;
    final BatchCommitter committer;

    Harness(boolean deadLetterQueue) {
        queue = new FakeQueue(clock, VISIBILITY, deadLetterQueue);
        Retry retry = new Retry(Duration.ofMillis(1), Duration.ofMillis(2));
        acknowledger = new Acknowledger(queue, window, stats, retry, () -> keepTrying, VISIBILITY, 1, () -> 1);
        committer = new BatchCommitter(store, acknowledger, stats, retry, new Reachability().database(), () -> keepTrying);
    }

    /** Sends {@code n} messages with ids prefix-0.. and receives all of them into the window. */
    List<InboundMessage> sendAndReceive(String prefix, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            queue.send(prefix + "-" + i, "{}");
        }
        return receiveAll();
    }

    List<InboundMessage> receiveAll() throws InterruptedException {
        List<InboundMessage> all = new ArrayList<>();
        while (true) {
            if (!window.reserve(10, Duration.ZERO)) {
                throw new AssertionError("no room in the window");
            }
            List<InboundMessage> got = queue.receive(Duration.ZERO);
            window.admit(10, got);
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
        }
    }

    static Outcome accepted(InboundMessage m) {
        return new Outcome.Accepted(m, new LoginRow(m.messageId(), "user", "ios", "mask-ip", "mask-device", null, 1,
                LocalDate.of(2026, 12, 1)));
    }

    static List<Outcome> accepted(List<InboundMessage> messages) {
        return messages.stream().map(Harness::accepted).toList();
    }

    /** Waits for the acknowledger's queued work: its threads are real. */
    void settleAll() throws InterruptedException {
        if (!acknowledger.finish(10, TimeUnit.SECONDS)) {
            throw new AssertionError("acknowledger did not finish");
        }
    }
}
