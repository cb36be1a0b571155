package io.loginetl.ingest;

import java.time.Instant;

/**
 * One received SQS message. The body holds raw PII, so {@link #toString()} leaves it out: this
 * record may be logged, its body never.
 */
public record InboundMessage(String messageId, String receiptHandle, String body, Instant sentAt, int receiveCount) {

    @Override
    public String toString() {
        return "InboundMessage[id=" + messageId + ", receiveCount=" + receiveCount + "]";
    }
}
