package io.loginetl.ingest;

import io.loginetl.config.EtlConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@link MessageQueue} over the AWS SDK: receive, delete after commit, extend or give back
 * visibility, move rejects to the dead-letter queue. Every call is one round trip carrying at most
 * ten messages (the SQS batch limit). Logs nothing: the callers know what a refusal means.
 */
@Singleton
public class SqsQueue implements MessageQueue {

    private static final String SENT_TIMESTAMP = MessageSystemAttributeName.SENT_TIMESTAMP.toString();
    private static final String RECEIVE_COUNT = MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT.toString();
    private static final String VISIBLE = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString();
    private static final String NOT_VISIBLE = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE.toString();

    private final SqsClient sqs;
    private final QueueTargets targets;
    private final EtlConfig.Receive receive;

    @Inject
    public SqsQueue(SqsClient sqs, QueueTargets targets, EtlConfig config) {
        this(sqs, targets, config.receive());
    }

    public SqsQueue(SqsClient sqs, QueueTargets targets, EtlConfig.Receive receive) {
        this.sqs = sqs;
        this.targets = targets;
        this.receive = receive;
    }

    @Override
    public List<InboundMessage> receive(Duration wait) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(targets.source())
                .maxNumberOfMessages(receive.maxMessages())
                .waitTimeSeconds((int) wait.toSeconds())
                .visibilityTimeout((int) receive.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .messages();
        List<InboundMessage> inbound = new ArrayList<>(messages.size());
        for (Message m : messages) {
            inbound.add(toInbound(m));
        }
        return inbound;
    }

    @Override
    public List<EntryFailure> delete(List<InboundMessage> batch) {
        List<DeleteMessageBatchRequestEntry> entries = entries(batch.size(), i -> DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i)).receiptHandle(batch.get(i).receiptHandle()).build());
        return failures(sqs.deleteMessageBatch(b -> b.queueUrl(targets.source()).entries(entries)).failed());
    }

    @Override
    public List<EntryFailure> changeVisibility(List<InboundMessage> batch, Duration visibility) {
        int seconds = (int) visibility.toSeconds();
        List<ChangeMessageVisibilityBatchRequestEntry> entries = entries(batch.size(),
                i -> ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(seconds).build());
        return failures(sqs.changeMessageVisibilityBatch(b -> b.queueUrl(targets.source()).entries(entries)).failed());
    }

    @Override
    public boolean hasDeadLetterQueue() {
        return targets.deadLetter().isPresent();
    }

    @Override
    public List<EntryFailure> sendToDeadLetter(List<DeadLetter> batch) {
        String dlq = targets.deadLetter().orElseThrow();
        List<SendMessageBatchRequestEntry> entries = entries(batch.size(), i -> SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(batch.get(i).message().body())
                .messageAttributes(attributes(batch.get(i)))
                .build());
        return failures(sqs.sendMessageBatch(b -> b.queueUrl(dlq).entries(entries)).failed());
    }

    private static Map<String, MessageAttributeValue> attributes(DeadLetter letter) {
        Map<String, String> attributes = letter.attributes();
        if (attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, stringAttribute(value)));
        return values;
    }

    @Override
    public QueueDepth depth() {
        return depth(targets.source());
    }

    /** The dead-letter queue's approximate counts, when there is one (for the metrics). */
    public Optional<QueueDepth> deadLetterDepth() {
        return targets.deadLetter().map(this::depth);
    }

    private QueueDepth depth(String queueUrl) {
        Map<String, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings(VISIBLE, NOT_VISIBLE)).attributesAsStrings();
        return new QueueDepth(count(counts.get(VISIBLE)), count(counts.get(NOT_VISIBLE)));
    }

    @Override
    public void verify() {
        depth();
        targets.deadLetter().ifPresent(dlq -> sqs.getQueueAttributes(b -> b.queueUrl(dlq)
                .attributeNamesWithStrings(VISIBLE)));
    }

    private static long count(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static <T> List<T> entries(int n, IntFunction<T> entry) {
        List<T> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(entry.apply(i));
        }
        return entries;
    }

    private static List<EntryFailure> failures(List<BatchResultErrorEntry> failed) {
        if (failed.isEmpty()) {
            return List.of();
        }
        List<EntryFailure> failures = new ArrayList<>(failed.size());
        for (BatchResultErrorEntry f : failed) {
            failures.add(new EntryFailure(Integer.parseInt(f.id()), f.code()));
        }
        return failures;
    }

    /** Reads the string-keyed attributes: {@code attributes()} copies them into an enum map per call. */
    private static InboundMessage toInbound(Message m) {
        Map<String, String> attributes = m.attributesAsStrings();
        String sentMillis = attributes.get(SENT_TIMESTAMP);
        String receiveCount = attributes.get(RECEIVE_COUNT);
        return new InboundMessage(m.messageId(), m.receiptHandle(), m.body(),
                sentMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(sentMillis)),
                receiveCount == null ? 1 : Integer.parseInt(receiveCount));
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType(DeadLetter.ATTRIBUTE_TYPE).stringValue(value).build();
    }
}
