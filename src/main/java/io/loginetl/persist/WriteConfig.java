package io.loginetl.persist;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How received messages are grouped into database transactions ({@code etl.write.*}). */
@ConfigMapping(prefix = "etl.write")
public interface WriteConfig {

    /**
     * Rows per transaction. Default {@code 500}: one round trip and one commit (one WAL flush) per
     * 500 rows instead of per message, while a batch stays far below the visibility timeout.
     */
    @WithDefault("500")
    int batchSize();

    /**
     * How long a partly filled batch may wait for more messages. Default {@code 20ms}: invisible
     * next to SQS latency, yet enough for concurrent receivers to fill a batch under load.
     */
    @WithDefault("20ms")
    Duration linger();
}
