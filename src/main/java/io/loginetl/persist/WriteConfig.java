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
     * dead-letter send (their delete shares that part-filled one): larger batches spread those
     * calls over more messages.
     */
    @WithDefault("1000")
    int batchSize();

    /**
     * How long a partly filled batch may wait for more messages. Default {@code 100ms}: invisible
     * next to SQS latency, and long enough for concurrent receivers to fill batches of several
     * hundred rows under load. Each batch adds a part-filled delete and, with rejects, a dead-letter
     * send to the messages' own calls; at 50 ms the benchmark machine's batches held 260 rows
     * (100,000 messages) to 580 (1,000,000), and one drain of 1,000,000 cost 0.0596 CPU-ms per
     * message at 50 ms against 0.0567 at 100 ms.
     */
    @WithDefault("100ms")
    Duration linger();
}
