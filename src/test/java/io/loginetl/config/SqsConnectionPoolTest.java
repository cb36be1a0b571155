package io.loginetl.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsConnectionPoolTest {

    @Test
    void everyReceiverAndDeleterGetsAConnectionByDefault() {
        // 64 receivers + 64 deleters + 4 spare: above the SDK's 50, which made receivers above 32 wait and fail
        assertThat(pool(Map.of())).isEqualTo(64 + 64 + 4);
    }

    @Test
    void followsTheOperatorsReceiverCount() {
        assertThat(pool(Map.of(SqsConnectionPool.RECEIVERS_KEY, "8"))).isEqualTo(8 + 8 + 4);
        assertThat(pool(Map.of(SqsConnectionPool.RECEIVERS_KEY, "1"))).isEqualTo(1 + 2 + 4);
    }

    @Test
    void anExplicitPoolSizeWins() {
        assertThat(pool(Map.of(SqsConnectionPool.RECEIVERS_KEY, "8", SqsConnectionPool.POOL_KEY, "12"))).isEqualTo(12);
    }

    /** application.properties (250) is below this source: only an operator's source (env 300, system 400) overrides. */
    @Test
    void sitsAboveApplicationProperties() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(SqsConnectionPool.POOL_KEY, "50"), "application.properties", 250))
                .withSources(new SqsConnectionPool())
                .build();
        assertThat(config.getValue(SqsConnectionPool.POOL_KEY, Integer.class)).isEqualTo(64 + 64 + 4);
    }

    @Test
    void aReceiverCountThatIsNoNumberIsLeftToTheConfigValidation() {
        SmallRyeConfig config = config(Map.of(SqsConnectionPool.RECEIVERS_KEY, "many"));
        assertThat(config.getOptionalValue(SqsConnectionPool.POOL_KEY, Integer.class)).isEmpty();
    }

    private static int pool(Map<String, String> operator) {
        return config(operator).getValue(SqsConnectionPool.POOL_KEY, Integer.class);
    }

    /** The operator's values as environment variables would give them (ordinal 300). */
    private static SmallRyeConfig config(Map<String, String> operator) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(operator, "operator", 300))
                .withSources(new SqsConnectionPool())
                .build();
    }
}
