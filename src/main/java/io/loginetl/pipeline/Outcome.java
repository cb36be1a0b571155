package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.persist.LoginRow;

/** What validation and masking made of one received message. */
public sealed interface Outcome {

    InboundMessage message();

    /** Valid: becomes a row. */
    record Accepted(InboundMessage message, LoginRow row) implements Outcome {
    }

    /** Invalid: never a row; {@code reason} is a PII-free code such as {@code invalid_ip}. */
    record Rejected(InboundMessage message, String reason) implements Outcome {
    }
}
