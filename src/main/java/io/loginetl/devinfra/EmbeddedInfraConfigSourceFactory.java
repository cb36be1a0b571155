package io.loginetl.devinfra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.graalvm.nativeimage.ImageInfo;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Points the dev and test profiles at an in-process ElasticMQ and an embedded PostgreSQL when no Docker engine is
 * reachable, so {@code ./mvnw quarkus:dev} and {@code ./mvnw verify} work on a machine that only has a JDK.
 * <p>
 * Why a {@link ConfigSourceFactory} and not a CDI bean or a test resource: Quarkus decides whether to start its Dev
 * Services (LocalStack, PostgreSQL containers) while building the build-time config, long before CDI exists. A factory
 * registered in {@code META-INF/services} is consulted for that config too, so the endpoints supplied here are already
 * visible when Dev Services look, and the ones we supply switch Dev Services off for that service. With Docker present
 * (and {@code etl-dev.embedded-infra=auto}) this factory supplies nothing and the standard Dev Services take over.
 * <p>
 * Modes, from {@code etl-dev.embedded-infra}: {@code auto} (default: only without Docker), {@code true} (always),
 * {@code false} (never). A service the user configured ({@code quarkus.sqs.endpoint-override},
 * {@code quarkus.datasource.jdbc.url}) is left alone. Values are supplied at ordinal {@value #ORDINAL}: above
 * {@code application.properties} (250), below environment variables (300) and system properties (400).
 * <p>
 * SmallRye calls this factory several times per JVM (build-time config, runtime config, each {@code @QuarkusTest}
 * profile restart, every dev-mode hot reload) and hot reloads use a new class loader, so static fields cannot remember
 * a started server. The ports are kept in JVM-wide system properties instead and reused when present.
 */
public final class EmbeddedInfraConfigSourceFactory implements ConfigSourceFactory {

    static final String MODE_KEY = "etl-dev.embedded-infra";
    static final int ORDINAL = 275;


    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // First, and inline rather than in a helper: native-image replaces ImageInfo.inImageCode() by the constant
        // true while parsing this very method, so the parser drops everything below and never links ElasticMQ/zonky
        // (absent from the prod class path; Quarkus builds with --link-at-build-time, so a mere reference fails the
        // build). Behind a helper method, or with lambdas/method references below, the parser resolves them anyway.
        try {
            if (ImageInfo.inImageCode()) {
                return List.of();
            }
        } catch (NoClassDefFoundError plainJvmWithoutGraalSdk) {
            // The GraalVM SDK is 'provided': native-image brings it, a prod JVM does not. No SDK, no native image.
        }
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")) {
            return List.of();
        }
        String mode = value(context, MODE_KEY);
        mode = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "false":
                return List.of();
            case "true":
                break;
            case "auto":
                // Once this JVM started embedded servers it keeps them: flipping to Dev Services mid-run (say, a
                // Docker daemon that came up meanwhile) would leave build-time and runtime config disagreeing.
                if (!EmbeddedServers.anyStarted() && DockerProbe.isDockerReachable()) {
                    return List.of();
                }
                break;
            default:
                throw new IllegalArgumentException(MODE_KEY + " must be auto, true or false, not '" + mode + "'");
        }

        Map<String, String> props = new LinkedHashMap<>();
        if (value(context, "quarkus.sqs.endpoint-override") == null) {
            int port = EmbeddedServers.sqsPort();
            props.put("quarkus.sqs.endpoint-override", "http://127.0.0.1:" + port);
            props.put("quarkus.sqs.aws.region", EmbeddedSqs.REGION);
            // ElasticMQ ignores credentials, but the SDK insists on some; static ones stop it from probing
            // ~/.aws, the environment and the EC2 metadata endpoint.
            props.put("quarkus.sqs.aws.credentials.type", "static");
            props.put("quarkus.sqs.aws.credentials.static-provider.access-key-id", "embedded");
            props.put("quarkus.sqs.aws.credentials.static-provider.secret-access-key", "embedded");
            props.put("quarkus.sqs.devservices.enabled", "false");
        }
        if (value(context, "quarkus.datasource.jdbc.url") == null) {
            int port = EmbeddedServers.postgresPort();
            props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            // zonky's initdb uses trust authentication: the password is never checked, only sent.
            props.put("quarkus.datasource.username", "postgres");
            props.put("quarkus.datasource.password", "postgres");
            props.put("quarkus.datasource.devservices.enabled", "false");
            if (value(context, "quarkus.datasource.db-kind") == null) {
                // Quarkus only infers the db-kind from the lone JDBC driver for Dev Services; with those off, a
                // datasource without db-kind does not exist at all (no AgroalDataSource bean, no Flyway).
                props.put("quarkus.datasource.db-kind", "postgresql");
            }
        }
        if (props.isEmpty()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(props, "login-etl embedded dev/test infrastructure", ORDINAL));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
