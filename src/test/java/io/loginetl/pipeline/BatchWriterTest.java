package io.loginetl.pipeline;

import io.loginetl.config.EtlConfig;
import io.loginetl.ingest.InboundMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer thread against the fake store, with a linger far longer than the test: only a batch
 * the writer commits without lingering can be stored while the test runs.
 */
class BatchWriterTest {

    private static final Duration LONG_LINGER = Duration.ofHours(1);

    private final Harness h = new Harness(true);
    private final CountDownLatch receiversDone = new CountDownLatch(1);
    private final BatchWriter writer = new BatchWriter(write(1000, LONG_LINGER), h.committer, receiversDone,
            e -> { throw new AssertionError(e); }, h.acknowledger);

    @Test
    void theFirstPartialBatchOfARunIsCommittedWithoutLingeringAndLaterOnesLinger() throws Exception {
        List<InboundMessage> first = h.sendAndReceive("first", 10);
        writer.start();
        writer.offer(Harness.accepted(first));

        await().atMost(Duration.ofSeconds(10)).until(() -> h.stats.stored() == 10);

        List<InboundMessage> second = h.sendAndReceive("second", 10);
        writer.offer(Harness.accepted(second));
        Thread.sleep(300); // far less than the linger, far more than a commit against the fake store takes
        assertThat(h.stats.stored()).as("a later partial batch waits for the linger").isEqualTo(10);

        receiversDone.countDown(); // the end of input commits what is pending, and the writer ends
        assertThat(writer.join(TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(h.stats.stored()).isEqualTo(20);
        h.settleAll();
        assertThat(h.window.size()).isZero();
    }

    @Test
    void aFullBatchIsCommittedAtOnceEvenAfterTheFirst() throws Exception {
        BatchWriter small = new BatchWriter(write(10, LONG_LINGER), h.committer, receiversDone,
                e -> { throw new AssertionError(e); }, h.acknowledger);
        small.start();
        small.offer(Harness.accepted(h.sendAndReceive("a", 10)));
        small.offer(Harness.accepted(h.sendAndReceive("b", 10)));

        await().atMost(Duration.ofSeconds(10)).until(() -> h.stats.stored() == 20);
        receiversDone.countDown();
        assertThat(small.join(TimeUnit.SECONDS.toNanos(10))).isTrue();
    }

    @Test
    void hasNoRoomForMoreReceiversWhileAWholeBatchWaitsForIt() throws Exception {
        BatchWriter small = new BatchWriter(write(20, LONG_LINGER), h.committer, receiversDone,
                e -> { throw new AssertionError(e); }, h.acknowledger);
        small.offer(Harness.accepted(h.sendAndReceive("a", 10)));
        assertThat(small.hasRoom()).as("half a batch waiting").isTrue();
        small.offer(Harness.accepted(h.sendAndReceive("b", 10)));
        assertThat(small.hasRoom()).as("a whole batch waiting").isFalse();

        small.start(); // takes both into its first batch
        await().atMost(Duration.ofSeconds(10)).until(small::hasRoom);
        receiversDone.countDown();
        assertThat(small.join(TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(h.stats.stored()).isEqualTo(20);
    }

    private static EtlConfig.Write write(int batchSize, Duration linger) {
        return new EtlConfig.Write() {
            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public Duration linger() {
                return linger;
            }

            @Override
            public Duration permanentFailureTimeout() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
