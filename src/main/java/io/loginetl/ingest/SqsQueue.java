package io.loginetl.ingest;

import io.loginetl.config.EtlConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQS side of the pipeline: receive, delete after commit, move rejects to the dead-letter queue.
 * Every call here is one round trip carrying at most ten messages (the SQS batch limit).
 */
@Singleton
public class SqsQueue {

    /** Message attribute on a dead-lettered message: the PII-free rejection code. */
    public static final String REASON_ATTRIBUTE = "etl-reject-reason";
    /** Message attribute on a dead-lettered message: the MessageId it had in the source queue. */
    public static final String SOURCE_ID_ATTRIBUTE = "etl-source-message-id";

    private static final Logger LOG = Logger.getLogger(SqsQueue.class);
    private static final String SENT_TIMESTAMP = MessageSystemAttributeName.SENT_TIMESTAMP.toString();
    private static final String RECEIVE_COUNT = MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT.toString();

    private final SqsClient sqs;
    private final QueueTargets targets;
    private final EtlConfig.Receive receive;

    public SqsQueue(SqsClient sqs, QueueTargets targets, EtlConfig config) {
        this.sqs = sqs;
        this.targets = targets;
        this.receive = config.receive();
    }

    /** One long poll of up to {@code etl.receive.max-messages}; an empty list once {@code wait} passes. */
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

    /**
     * Deletes up to ten messages in one DeleteMessageBatch. A failed entry is only logged: the
     * message comes back after its visibility timeout and is then skipped as already stored.
     *
     * @return how many entries the queue refused
     */
    public int delete(List<InboundMessage> batch) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).receiptHandle(batch.get(i).receiptHandle()).build());
        }
        List<BatchResultErrorEntry> failed = sqs.deleteMessageBatch(b -> b.queueUrl(targets.source()).entries(entries)).failed();
        for (BatchResultErrorEntry f : failed) {
            LOG.warnf("Delete of message %s refused (%s); it will be redelivered and skipped as a duplicate",
                    batch.get(Integer.parseInt(f.id())).messageId(), f.code());
        }
        return failed.size();
    }

    public boolean hasDeadLetterQueue() {
        return targets.deadLetter().isPresent();
    }

    /**
     * Sends up to ten rejected bodies, unchanged, to the dead-letter queue with attributes naming
     * the reason and the source message id.
     *
     * @return the message ids that reached the dead-letter queue (only these may be deleted)
     */
    public Set<String> sendToDeadLetter(List<InboundMessage> batch, List<String> reasons) {
        String dlq = targets.deadLetter().orElseThrow();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            InboundMessage m = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(m.body())
                    .messageAttributes(Map.of(
                            REASON_ATTRIBUTE, stringAttribute(reasons.get(i)),
                            SOURCE_ID_ATTRIBUTE, stringAttribute(m.messageId())))
                    .build());
        }
        Set<String> sent = new HashSet<>();
        var response = sqs.sendMessageBatch(b -> b.queueUrl(dlq).entries(entries));
        response.successful().forEach(s -> sent.add(batch.get(Integer.parseInt(s.id())).messageId()));
        for (BatchResultErrorEntry f : response.failed()) {
            LOG.warnf("Dead-lettering of message %s refused (%s); it stays in the source queue",
                    batch.get(Integer.parseInt(f.id())).messageId(), f.code());
        }
        return sent;
    }

    /** Messages available for receive right now (approximate, as SQS reports it). */
    public long approximateVisibleMessages() {
        String count = sqs.getQueueAttributes(b -> b.queueUrl(targets.source())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Long.parseLong(count);
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
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
