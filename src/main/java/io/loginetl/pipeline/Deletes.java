package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.MessageQueue;
import io.loginetl.ingest.MessageQueue.EntryFailure;
import io.loginetl.pipeline.Acknowledger.Settling;
import io.loginetl.support.Failures;
import io.loginetl.support.Retry.GaveUpException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One DeleteMessageBatch of settled messages, and what its answer means. A refused entry whose
 * receipt handle the queue no longer knows, while the window still believes the message hidden
 * (or after an earlier attempt of this same delete failed without an answer), was deleted by that
 * earlier attempt whose reply was lost: it is gone, not coming back. Any other refusal or failure
 * leaves the message in the queue, to return and be skipped as a duplicate.
 */
final class Deletes {

    private static final Logger LOG = Logger.getLogger(Deletes.class);

    /** The acknowledger's retrying call. */
    interface Caller {
        List<EntryFailure> call(String what, Callable<List<EntryFailure>> operation) throws GaveUpException, InterruptedException;
    }

    private final MessageQueue queue;
    private final InFlightWindow window;
    private final PipelineStats stats;
    private final Duration visibility;

    Deletes(MessageQueue queue, InFlightWindow window, PipelineStats stats, Duration visibility) {
        this.queue = queue;
        this.window = window;
        this.stats = stats;
        this.visibility = visibility;
    }

    /** Deletes up to ten messages, then settles every one of them, whatever the queue answered. */
    void delete(List<Settling> chunk, Caller caller) {
        if (chunk.isEmpty()) {
            return;
        }
        List<InboundMessage> messages = new ArrayList<>(chunk.size());
        chunk.forEach(s -> messages.add(s.message()));
        window.startDeleting(messages);
        int[] attempts = {0};
        try {
            List<EntryFailure> refused = caller.call("Deleting " + chunk.size() + " messages", () -> {
                attempts[0]++;
                return queue.delete(messages);
            });
            account(messages, refused, attempts[0] > 1);
        } catch (GaveUpException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            stats.deleteFailures.add(chunk.size());
            LOG.warnf("Deleting %d committed messages failed; they will be redelivered and skipped: %s",
                    chunk.size(), Failures.describe(e));
        } finally {
            window.settleAll(chunk);
        }
    }

    private void account(List<InboundMessage> messages, List<EntryFailure> refused, boolean earlierAttemptFailed) {
        int lost = 0;
        for (EntryFailure f : refused) {
            InboundMessage m = messages.get(f.index());
            if (f.receiptHandleInvalid() && (earlierAttemptFailed || window.believedHidden(m, visibility))) {
                lost++;
                LOG.debugf("Delete of message %s: already deleted (an earlier attempt's reply was lost)", m.messageId());
            } else {
                stats.deleteFailures.increment();
                LOG.warnf("Delete of message %s refused (%s); it will be redelivered and skipped as a duplicate",
                        m.messageId(), f.code());
            }
        }
        stats.deleteRepliesLost.add(lost);
        stats.deleted.add(messages.size() - refused.size() + lost);
    }
}
