package io.loginetl.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rejected message on its way to the dead-letter queue, with its PII-free reason code, and the
 * SQS size rules it must meet: a message and a whole SendMessageBatch may each hold at most
 * {@link #MAX_BYTES}, counting the body and every attribute's name, type and value. A body that
 * fits only without its attributes is sent bare (its reason stays in {@code etl_rejections} and the
 * log); one that does not fit at all cannot be dead-lettered.
 */
public record DeadLetter(InboundMessage message, String reason) {

    /** Message attribute on a dead-lettered message: the PII-free rejection code. */
    public static final String REASON_ATTRIBUTE = "etl-reject-reason";
    /** Message attribute on a dead-lettered message: the MessageId it had in the source queue. */
    public static final String SOURCE_ID_ATTRIBUTE = "etl-source-message-id";
    static final String ATTRIBUTE_TYPE = "String";
    /**
     * 256 KiB: the SQS limit for a message and for a batch until 2025, still ElasticMQ's. AWS now
     * takes up to 1 MiB, but a queue's own maximum may be set lower, and a smaller batch is always safe.
     */
    public static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_ENTRIES = 10;

    /** Body plus attributes, in bytes, as SQS counts them. */
    public int sizeBytes() {
        return bodyBytes() + attributeBytes(attributes());
    }

    /** The reason and source id, or none when the body would not fit with them. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = Map.of(REASON_ATTRIBUTE, reason, SOURCE_ID_ATTRIBUTE, message.messageId());
        return bodyBytes() + attributeBytes(attributes) <= MAX_BYTES ? attributes : Map.of();
    }

    /** True when even the bare body is over the limit: the queue would refuse it. */
    public boolean tooLarge() {
        return bodyBytes() > MAX_BYTES;
    }

    /**
     * Groups letters into SendMessageBatch calls of at most ten entries and {@link #MAX_BYTES} in
     * all, in order. Letters that are {@link #tooLarge()} are left out: the caller reports them.
     */
    public static List<List<DeadLetter>> batches(List<DeadLetter> letters) {
        List<List<DeadLetter>> batches = new ArrayList<>();
        List<DeadLetter> current = new ArrayList<>();
        int bytes = 0;
        for (DeadLetter letter : letters) {
            if (letter.tooLarge()) {
                continue;
            }
            int size = letter.sizeBytes();
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > MAX_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(letter);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private int bodyBytes() {
        return utf8(message.body());
    }

    private static int attributeBytes(Map<String, String> attributes) {
        int size = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            size += utf8(a.getKey()) + utf8(ATTRIBUTE_TYPE) + utf8(a.getValue());
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "DeadLetter[" + message + ", reason=" + reason + "]";
    }
}
