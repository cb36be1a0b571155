package io.loginetl.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Sizes the SQS client's HTTP connection pool from {@code etl.receive.concurrency}, so raising the
 * receivers needs no second setting: every receiver and every deleter (as many as receivers, at
 * least two) may hold a connection at once, plus {@value #SPARE} for the visibility heartbeat,
 * the queue-depth sampler and the drain's attribute calls. A thread that finds the pool empty
 * waits for a connection and then fails its call, which is what the SDK's default of 50 did to
 * more than 32 receivers. An operator's own {@code QUARKUS_SQS_SYNC_CLIENT_APACHE_MAX_CONNECTIONS}
 * still wins: this source sits above {@code application.properties} (250), below the environment (300).
 */
public final class SqsConnectionPool implements ConfigSourceFactory {

    static final String POOL_KEY = "quarkus.sqs.sync-client.apache.max-connections";
    static final String RECEIVERS_KEY = "etl.receive.concurrency";
    /** Must match {@link EtlConfig.Receive#concurrency()}'s default. */
    static final int DEFAULT_RECEIVERS = 64;
    static final int SPARE = 4;
    static final int ORDINAL = 260;

    /**
     * Deletes (and dead-letter sends) on the wire at once while {@code receivers} poll: a delete carries
     * ten messages like a receive and takes the same round trip, so as many keep up with them at any
     * round trip; fewer would fill the window with messages already stored.
     */
    public static int deleters(int receivers) {
        return Math.max(2, receivers);
    }

    static int connections(int receivers) {
        return receivers + deleters(receivers) + SPARE;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(RECEIVERS_KEY);
        int receivers;
        try {
            receivers = value == null || value.getValue() == null || value.getValue().isBlank() ? DEFAULT_RECEIVERS
                    : Integer.parseInt(value.getValue().trim());
        } catch (NumberFormatException e) {
            return List.of(); // EtlConfig's own validation names the setting in one line
        }
        if (receivers < 1) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(POOL_KEY, Integer.toString(connections(receivers))),
                "login-etl: SQS connection pool follows the receivers", ORDINAL));
    }
}
