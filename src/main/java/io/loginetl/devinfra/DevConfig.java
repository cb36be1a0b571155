package io.loginetl.devinfra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dev/test conveniences ({@code etl.dev.*}); ignored by production builds. */
@ConfigMapping(prefix = "etl.dev")
public interface DevConfig {

    /** Name of the local source queue; its dead-letter queue gets a {@code -dlq} suffix. Default {@code login-queue}. */
    @WithDefault("login-queue")
    String queueName();

    /** Seed the local queue with the sample events once per JVM. Default {@code true}. */
    @WithDefault("true")
    boolean seedSample();
}
