package io.loginetl.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateAtStartSwitchTest {

    @Test
    void theOperatorsSwitchMovesToEtlAndQuarkusOwnStaysOff() {
        for (String wanted : new String[] {"true", "false"}) {
            SmallRyeConfig config = config(Map.of(MigrateAtStartSwitch.QUARKUS_KEY, wanted));
            assertThat(config.getValue(MigrateAtStartSwitch.ETL_KEY, Boolean.class)).isEqualTo(Boolean.valueOf(wanted));
            assertThat(config.getValue(MigrateAtStartSwitch.QUARKUS_KEY, Boolean.class)).as("wanted %s", wanted).isFalse();
        }
    }

    @Test
    void unsetMeansMigrate() {
        assertThat(config(Map.of()).getValue(MigrateAtStartSwitch.ETL_KEY, Boolean.class)).isTrue();
    }

    /** Quarkus replays the build's "false" as a low-ordinal default at run time: that is not the operator's wish. */
    @Test
    void theBuildsRecordedDefaultIsNotTheOperatorsSwitch() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(MigrateAtStartSwitch.QUARKUS_KEY, "false"), "RunTime Defaults",
                        Integer.MIN_VALUE + 100))
                .withSources(new MigrateAtStartSwitch())
                .build();
        assertThat(config.getValue(MigrateAtStartSwitch.ETL_KEY, Boolean.class)).isTrue();
    }

    /** The operator's value as an environment variable would give it (ordinal 300). */
    private static SmallRyeConfig config(Map<String, String> operator) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(operator, "operator", 300))
                .withSources(new MigrateAtStartSwitch())
                .build();
    }
}
