package io.loginetl.pipeline;

import io.loginetl.ingest.DeadLetter;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.pipeline.FakeQueue.Call;
import io.loginetl.validation.RejectReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Committer, acknowledger and window against fakes: what each message ends as, and what stays in the queue. */
class SettlementTest {

    private final Harness h = new Harness(true);

    @Test
    void aBatchIsStoredDeletedAndEverySettledOnceWithItsRoomBack() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("m", 25); // receives of 10, 10, 5 and 0: fewer than asked
        assertThat(h.window.size()).isEqualTo(25);

        h.committer.commit(Harness.accepted(messages));
        h.settleAll();

        assertThat(h.stats.stored()).isEqualTo(25);
        assertThat(h.stats.deleted()).isEqualTo(25);
        assertThat(h.queue.depth().visible() + h.queue.depth().inFlight()).isZero();
        assertThat(h.window.size()).isZero();
        assertThat(h.stats.settleErrors()).isZero();
        assertThat(h.window.reserve(100, Duration.ZERO)).as("all room back").isTrue();
    }

    @Test
    void aRedeliveredMessageIsADuplicateAndStillDeleted() throws Exception {
        List<InboundMessage> first = h.sendAndReceive("m", 2);
        h.store.write(List.of(((Outcome.Accepted) Harness.accepted(first.get(0))).row()), List.of());

        h.committer.commit(Harness.accepted(first));
        h.settleAll();

        assertThat(h.stats.duplicates()).isEqualTo(1);
        assertThat(h.stats.stored()).isEqualTo(1);
        assertThat(h.queue.contains("m-0")).isFalse();
    }

    @Test
    void aDatabaseErrorMidBatchIsRetriedAndNothingIsDeletedBeforeTheCommit() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("m", 5);
        h.store.failNext(2);

        h.committer.commit(Harness.accepted(messages));
        h.settleAll();

        assertThat(h.store.calls).isEqualTo(3);
        assertThat(h.store.rows).hasSize(5);
        assertThat(h.stats.stored()).isEqualTo(5);
    }

    @Test
    void aRowTheDatabaseRefusesIsRejectedAloneAndDeadLettered() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("m", 3);
        h.store.refuse("m-1");

        h.committer.commit(Harness.accepted(messages));
        h.settleAll();

        assertThat(h.store.rows.keySet()).containsExactlyInAnyOrder("m-0", "m-2");
        assertThat(h.store.rejections.get("m-1").reason()).isEqualTo("database_rejected:23502");
        assertThat(h.queue.deadLettered).extracting(DeadLetter::reason).containsExactly("database_rejected:23502");
        assertThat(h.stats.deadLettered()).isEqualTo(1);
        assertThat(h.stats.rejected(RejectReason.DATABASE_REJECTED)).isEqualTo(1);
        assertThat(h.queue.contains("m-1")).isFalse();
    }

    @Test
    void aDeleteTheQueueRefusesIsCountedAndTheMessageStillSettles() throws Exception {
        List<InboundMessage> ours = h.sendAndReceive("m", 1);
        h.clock.advance(Harness.VISIBILITY.plusSeconds(1)); // our visibility lapsed: someone else receives it
        h.queue.receive(Duration.ZERO);

        h.committer.commit(Harness.accepted(ours));
        h.settleAll();

        assertThat(h.stats.deleteFailures()).isEqualTo(1);
        assertThat(h.stats.deleteRepliesLost()).isZero();
        assertThat(h.stats.stored()).isEqualTo(1);
        assertThat(h.window.size()).isZero();
        assertThat(h.queue.contains("m-0")).as("comes back, to be skipped as a duplicate").isTrue();
    }

    @Test
    void aDeleteWhoseReplyWasLostIsADeleteNotAFailure() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("m", 4);
        h.queue.loseNextReply(Call.DELETE); // the queue deletes them, the caller sees a 500 and retries

        h.committer.commit(Harness.accepted(messages));
        h.settleAll();

        assertThat(h.queue.calls.get(Call.DELETE).get()).isEqualTo(2);
        assertThat(h.stats.deleteRepliesLost()).isEqualTo(4);
        assertThat(h.stats.deleteFailures()).isZero();
        assertThat(h.stats.deleted()).isEqualTo(4);
    }

    @Test
    void aDeadLetterSendTheQueueRefusesLeavesTheRejectsInTheSourceQueue() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("bad", 2);
        h.queue.refuseNext(Call.DEAD_LETTER, 1, 403);

        h.committer.commit(messages.stream().map(m -> (Outcome) new Outcome.Rejected(m, "not_json")).toList());
        h.settleAll();

        assertThat(h.stats.settled(Settlement.LEFT_FOR_REDRIVE)).isEqualTo(2);
        assertThat(h.stats.rejected(RejectReason.NOT_JSON)).as("counted by reason when settled, whichever way").isEqualTo(2);
        assertThat(h.queue.contains("bad-0")).isTrue();
        assertThat(h.queue.contains("bad-1")).isTrue();
        assertThat(h.store.rejections).containsKeys("bad-0", "bad-1");
    }

    @Test
    void largeRejectsAreDeadLetteredInBatchesWithinTheSizeLimit() throws Exception {
        String big = "x".repeat(200 * 1024);
        for (int i = 0; i < 2; i++) {
            h.queue.send("big-" + i, big);
        }
        for (int i = 0; i < 5; i++) {
            h.queue.send("small-" + i, "junk");
        }
        List<InboundMessage> messages = h.receiveAll();

        h.committer.commit(messages.stream().map(m -> (Outcome) new Outcome.Rejected(m, "too_large")).toList());
        h.settleAll();

        assertThat(h.queue.deadLettered).hasSize(7).allSatisfy(l -> assertThat(l.attributes()).hasSize(2));
        assertThat(h.queue.calls.get(Call.DEAD_LETTER).get()).isGreaterThanOrEqualTo(2);
        assertThat(h.stats.deadLettered()).isEqualTo(7);
        assertThat(h.stats.rejected(RejectReason.TOO_LARGE)).isEqualTo(7);
        assertThat(h.stats.rejected(RejectReason.NOT_JSON)).isZero();
        assertThat(h.stats.toString()).contains(" rejected-too-large=7").doesNotContain("rejected-not-json");
        assertThat(h.queue.depth().visible() + h.queue.depth().inFlight()).isZero();
    }

    @Test
    void aBodyWithNoRoomForAttributesGoesBareAndOneOverTheLimitStaysForRedrive() throws Exception {
        h.queue.send("bare", "y".repeat(DeadLetter.MAX_BYTES - 10));
        h.queue.send("huge", "z".repeat(DeadLetter.MAX_BYTES + 1));
        List<InboundMessage> messages = h.receiveAll();

        h.committer.commit(messages.stream().map(m -> (Outcome) new Outcome.Rejected(m, "too_large")).toList());
        h.settleAll();

        assertThat(h.queue.deadLettered).singleElement().satisfies(l -> {
            assertThat(l.message().messageId()).isEqualTo("bare");
            assertThat(l.attributes()).isEmpty();
        });
        assertThat(h.queue.contains("huge")).isTrue();
        assertThat(h.stats.settled(Settlement.LEFT_FOR_REDRIVE)).isEqualTo(1);
        assertThat(h.store.rejections).containsKeys("bare", "huge");
    }

    @Test
    void withoutADeadLetterQueueRejectsAreLeftForTheRedrivePolicy() throws Exception {
        Harness noDlq = new Harness(false);
        List<InboundMessage> messages = noDlq.sendAndReceive("bad", 3);

        noDlq.committer.commit(messages.stream().map(m -> (Outcome) new Outcome.Rejected(m, "not_json")).toList());
        noDlq.settleAll();

        assertThat(noDlq.stats.settled(Settlement.LEFT_FOR_REDRIVE)).isEqualTo(3);
        assertThat(noDlq.queue.calls.get(Call.DELETE).get()).isZero();
        assertThat(noDlq.window.size()).isZero();
    }

    @Test
    void aBatchStillFailingAtShutdownIsAbandonedAndGivenBackAtOnce() throws Exception {
        List<InboundMessage> messages = h.sendAndReceive("m", 3);
        h.store.failNext(1);
        h.keepTrying = false; // the shutdown deadline passed

        h.committer.commit(new ArrayList<>(Harness.accepted(messages)));
        h.settleAll();

        assertThat(h.stats.settled(Settlement.ABANDONED)).isEqualTo(3);
        assertThat(h.store.rows).isEmpty();
        assertThat(h.queue.depth().visible()).as("visible again now, not after the timeout").isEqualTo(3);
        assertThat(h.window.size()).isZero();
    }
}
