package io.loginetl.persist;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How received messages are grouped into database transactions ({@code etl.write.*}). */
@ConfigMapping(prefix = "etl.write")
public interface WriteConfig {

    /**
     * Rows per transaction. Default {@code 1000}: one round trip and one commit (one WAL flush) per
     * up to 1000 rows instead of per message, while a batch stays far below the visibility timeout.
     * Every batch also ends in a part-filled DeleteMessageBatch and, when it holds rejects, one
     * dead-letter send and delete: larger batches spread those calls over more messages.
     */
    @WithDefault("1000")
    int batchSize();

    /**
     * How long a partly filled batch may wait for more messages. Default {@code 100ms}: invisible
     * next to SQS latency, yet long enough for concurrent receivers to fill batches of several
     * hundred rows under load (about 260 per batch at 50 ms and 6,000 messages/s on the
     * benchmark machine, where each batch's extra calls then cost about a tenth more delete-side
     * SQS calls than the messages alone need).
     */
    @WithDefault("100ms")
    Duration linger();
}
