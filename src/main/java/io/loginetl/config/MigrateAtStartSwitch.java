package io.loginetl.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * Quarkus runs Flyway during its own start-up when {@code quarkus.flyway.migrate-at-start} is true,
 * before anything could wait for a database that is still coming up: it then fails within seconds
 * with a stack trace. This factory keeps the documented switch ({@code QUARKUS_FLYWAY_MIGRATE_AT_START},
 * default true) but moves its value to {@code etl.startup.migrate}, read by {@code startup/StartupSequence}
 * after the database wait, and forces Quarkus' own switch off, above every other source.
 */
public final class MigrateAtStartSwitch implements ConfigSourceFactory {

    static final String QUARKUS_KEY = "quarkus.flyway.migrate-at-start";
    static final String ETL_KEY = "etl.startup.migrate";
    /** Above system properties (400) and environment variables (300): nothing may turn Quarkus' migration back on. */
    static final int ORDINAL = 1000;
    /** microprofile-config.properties' default ordinal, the lowest of the sources an operator sets. */
    private static final int OPERATOR_ORDINALS = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue wanted = context.getValue(QUARKUS_KEY);
        // Quarkus records the build's runtime values as low-ordinal defaults, this source's "false" among them:
        // only a source an operator writes to (properties files at 100 and up, .env, environment, system) counts.
        boolean set = wanted != null && wanted.getValue() != null && !wanted.getValue().isBlank()
                && wanted.getConfigSourceOrdinal() >= OPERATOR_ORDINALS;
        String migrate = set ? wanted.getValue().trim() : "true";
        return List.of(new PropertiesConfigSource(Map.of(QUARKUS_KEY, "false", ETL_KEY, migrate),
                "login-etl: migrations run after the database wait", ORDINAL));
    }
}
