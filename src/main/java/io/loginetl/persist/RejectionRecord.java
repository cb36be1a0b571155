package io.loginetl.persist;

/** The PII-free trace of a rejected message: which one, why, and how often it was seen. */
public record RejectionRecord(String messageId, String reason, int receiveCount) {
}
