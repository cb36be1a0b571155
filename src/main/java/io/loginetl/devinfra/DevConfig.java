package io.loginetl.devinfra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dev/test conveniences ({@code etl-dev.*}), apart from the production {@code etl.*} root; production builds ignore them. */
@ConfigMapping(prefix = "etl-dev")
public interface DevConfig {

    /**
     * {@code etl-dev.embedded-infra}: {@code auto} (default) starts an in-process ElasticMQ and
     * PostgreSQL in dev and test when no Docker engine is reachable, {@code true} always, {@code false}
     * never (Quarkus Dev Services then need Docker). Read by {@link EmbeddedInfraConfigSourceFactory}
     * before CDI exists; declared here so the property is documented and validated.
     */
    @WithDefault("auto")
    String embeddedInfra();

    /** {@code etl-dev.queue-name}: local source queue; its DLQ gets a {@code -dlq} suffix. Default {@code login-queue}. */
    @WithDefault("login-queue")
    String queueName();

    /** {@code etl-dev.seed-sample}: seed the local queue with the sample events once per JVM. Default {@code true}. */
    @WithDefault("true")
    boolean seedSample();
}
