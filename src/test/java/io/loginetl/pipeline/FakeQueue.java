package io.loginetl.pipeline;

import io.loginetl.ingest.DeadLetter;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.ingest.MessageQueue;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory queue with SQS's rules that matter here: a receive hides messages for the
 * visibility timeout under a fresh receipt handle, only the latest handle of a message deletes
 * or extends it, and a dead-letter batch over {@link DeadLetter#MAX_BYTES} is refused whole.
 * Faults are scripted per call: {@link #failNext} throws a 500 before doing anything,
 * {@link #loseNextReply} does the work and then throws a 500, as a lost reply does.
 */
final class FakeQueue implements MessageQueue {

    enum Call { RECEIVE, DELETE, VISIBILITY, DEAD_LETTER, VERIFY }

    private final FakeClock clock;
    private final Duration visibility;
    private final boolean hasDeadLetterQueue;
    private final Map<String, Stored> messages = new LinkedHashMap<>();
    final List<DeadLetter> deadLettered = new ArrayList<>();
    final Map<Call, AtomicInteger> calls = new LinkedHashMap<>();
    private final Map<Call, int[]> failures = new LinkedHashMap<>();
    private final Map<Call, Integer> lostReplies = new LinkedHashMap<>();
    private int handles;
    private volatile CountDownLatch deletesHeld;
    private volatile CountDownLatch verifyHeld;
    /** The thread of the last {@link #verify()}: the start's check runs on one of its own. */
    volatile String verifyThread;
    private final AtomicInteger deletesOnTheWire = new AtomicInteger();

    FakeQueue(FakeClock clock, Duration visibility, boolean hasDeadLetterQueue) {
        this.clock = clock;
        this.visibility = visibility;
        this.hasDeadLetterQueue = hasDeadLetterQueue;
        for (Call c : Call.values()) {
            calls.put(c, new AtomicInteger());
        }
    }

    synchronized void send(String id, String body) {
        messages.put(id, new Stored(id, body));
    }

    /** The next {@code times} calls fail with a 500 before doing anything. */
    synchronized void failNext(Call call, int times) {
        refuseNext(call, times, 500);
    }

    /** The next {@code times} calls fail with {@code status} (a 4xx: what retrying cannot fix). */
    synchronized void refuseNext(Call call, int times, int status) {
        failures.put(call, new int[] {times, status});
    }

    synchronized void loseNextReply(Call call) {
        lostReplies.put(call, 1);
    }

    synchronized boolean contains(String id) {
        return messages.containsKey(id);
    }

    synchronized Instant visibleAt(String id) {
        return messages.get(id).visibleAt;
    }

    @Override
    public synchronized List<InboundMessage> receive(Duration wait) {
        before(Call.RECEIVE);
        List<InboundMessage> out = new ArrayList<>();
        for (Stored s : messages.values()) {
            if (out.size() < 10 && !s.visibleAt.isAfter(clock.instant())) {
                s.handle = "h" + (++handles);
                s.visibleAt = clock.instant().plus(visibility);
                s.receives++;
                out.add(new InboundMessage(s.id, s.handle, s.body, clock.instant(), s.receives));
            }
        }
        return after(Call.RECEIVE, out);
    }

    /** Until {@link #answerDeletes()}, every delete waits as if on the wire, outside the lock, so deletes overlap. */
    void holdDeletes() {
        deletesHeld = new CountDownLatch(1);
    }

    void answerDeletes() {
        deletesHeld.countDown();
    }

    int deletesOnTheWire() {
        return deletesOnTheWire.get();
    }

    @Override
    public List<EntryFailure> delete(List<InboundMessage> batch) {
        CountDownLatch held = deletesHeld;
        if (held != null) {
            deletesOnTheWire.incrementAndGet();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted on the wire", e);
            } finally {
                deletesOnTheWire.decrementAndGet();
            }
        }
        return answerDelete(batch);
    }

    private synchronized List<EntryFailure> answerDelete(List<InboundMessage> batch) {
        before(Call.DELETE);
        List<EntryFailure> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Stored s = current(batch.get(i));
            if (s == null) {
                refused.add(new EntryFailure(i, "ReceiptHandleIsInvalid"));
            } else {
                messages.remove(s.id);
            }
        }
        return after(Call.DELETE, refused);
    }

    @Override
    public synchronized List<EntryFailure> changeVisibility(List<InboundMessage> batch, Duration timeout) {
        before(Call.VISIBILITY);
        List<EntryFailure> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Stored s = current(batch.get(i));
            if (s == null || !s.visibleAt.isAfter(clock.instant())) {
                refused.add(new EntryFailure(i, "MessageNotInflight"));
            } else {
                s.visibleAt = clock.instant().plus(timeout);
            }
        }
        return after(Call.VISIBILITY, refused);
    }

    @Override
    public boolean hasDeadLetterQueue() {
        return hasDeadLetterQueue;
    }

    @Override
    public synchronized List<EntryFailure> sendToDeadLetter(List<DeadLetter> batch) {
        before(Call.DEAD_LETTER);
        int bytes = batch.stream().mapToInt(DeadLetter::sizeBytes).sum();
        if (batch.size() > 10 || bytes > DeadLetter.MAX_BYTES) {
            throw error(400, "BatchRequestTooLong");
        }
        deadLettered.addAll(batch);
        return after(Call.DEAD_LETTER, List.of());
    }

    @Override
    public synchronized QueueDepth depth() {
        long visible = messages.values().stream().filter(s -> !s.visibleAt.isAfter(clock.instant())).count();
        return new QueueDepth(visible, messages.size() - visible);
    }

    /** Until {@link #answerVerify()}, a queue check waits as if on the wire (outside the lock). */
    void holdVerify() {
        verifyHeld = new CountDownLatch(1);
    }

    void answerVerify() {
        verifyHeld.countDown();
    }

    /** Thrown by the next {@link #verify()}: what no retry policy covers (a class that fails to link). */
    volatile Error verifyError;

    @Override
    public void verify() {
        verifyThread = Thread.currentThread().getName();
        if (verifyError != null) {
            throw verifyError;
        }
        CountDownLatch held = verifyHeld;
        if (held != null) {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        synchronized (this) {
            before(Call.VERIFY);
        }
    }

    private Stored current(InboundMessage m) {
        Stored s = messages.get(m.messageId());
        return s != null && m.receiptHandle().equals(s.handle) ? s : null;
    }

    private void before(Call call) {
        calls.get(call).incrementAndGet();
        int[] left = failures.get(call);
        if (left != null && left[0] > 0) {
            left[0]--;
            throw error(left[1], left[1] >= 500 ? "InternalError" : "AccessDenied");
        }
    }

    private <T> T after(Call call, T result) {
        if (lostReplies.remove(call) != null) {
            throw error(500, "InternalError");
        }
        return result;
    }

    static SqsException error(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private static final class Stored {
        final String id;
        final String body;
        String handle;
        Instant visibleAt = Instant.MIN;
        int receives;

        Stored(String id, String body) {
            this.id = id;
            this.body = body;
        }
    }
}
