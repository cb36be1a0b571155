package io.loginetl.ingest;

import io.loginetl.config.EtlConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SqsLimitsTest {

    @Test
    void theDefaultsFit() {
        assertThatCode(() -> SqsLimits.check(config(Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void aSubSecondOrTooLongSettingIsRefusedByName() {
        assertThatIllegalStateException().isThrownBy(() -> SqsLimits.check(config(Map.of("etl.drain.wait-time", "500ms"))))
                .withMessageStartingWith("ETL_DRAIN_WAIT_TIME must be a whole number of seconds");
        assertThatIllegalStateException().isThrownBy(() -> SqsLimits.check(config(Map.of("etl.receive.visibility-timeout", "0s"))))
                .withMessageStartingWith("ETL_RECEIVE_VISIBILITY_TIMEOUT");
        assertThatIllegalStateException().isThrownBy(() -> SqsLimits.check(config(Map.of("etl.receive.wait-time", "30s"))))
                .withMessageStartingWith("ETL_RECEIVE_WAIT_TIME");
        assertThatIllegalStateException().isThrownBy(() -> SqsLimits.check(config(Map.of("etl.receive.max-hold-time", "13h"))))
                .withMessageStartingWith("ETL_RECEIVE_MAX_HOLD_TIME");
    }

    /** The real mapping with its defaults, so the test also proves the property names. */
    private static EtlConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EtlConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "1s" format, as in the app
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
        return config.getConfigMapping(EtlConfig.class);
    }
}
