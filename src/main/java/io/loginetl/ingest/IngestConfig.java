package io.loginetl.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where messages come from and how they are received ({@code etl.*}, {@code etl.receive.*}). */
@ConfigMapping(prefix = "etl")
public interface IngestConfig {

    /**
     * {@code ETL_QUEUE_URL}: the source queue. Required outside dev/test; there a local queue is
     * created and seeded when this is unset.
     */
    Optional<String> queueUrl();

    /**
     * {@code ETL_DEAD_LETTER_QUEUE_URL}: where rejected bodies are moved. Unset: rejected messages
     * stay in the source queue for its own redrive policy.
     */
    Optional<String> deadLetterQueueUrl();

    Receive receive();

    interface Receive {

        /**
         * Concurrent long-poll receivers. Default {@code 8}: enough overlapping round trips to keep
         * one SQS queue busy from two cores; more mostly adds idle threads.
         */
        @WithDefault("8")
        int concurrency();

        /** Long-poll wait of one receive. Default {@code 20s}, the SQS maximum (fewest empty receives). */
        @WithDefault("20s")
        Duration waitTime();

        /**
         * How long a received message stays hidden from other consumers. Default {@code 60s}: far
         * longer than a batch takes, short enough that a crashed consumer's messages return soon.
         */
        @WithDefault("60s")
        Duration visibilityTimeout();

        /** Messages per receive, 1–10. Default {@code 10}, the SQS maximum. */
        @WithDefault("10")
        int maxMessages();
    }
}
