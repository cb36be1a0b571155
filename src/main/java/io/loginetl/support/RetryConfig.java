package io.loginetl.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Backoff for transient outages of the queue or the database ({@code etl.retry.*}).
 * Every outage is retried until it ends or the pipeline stops: giving up would only leave the
 * messages to reappear after their visibility timeout anyway.
 */
@ConfigMapping(prefix = "etl.retry")
public interface RetryConfig {

    /** First pause after a failure. Default {@code 200ms}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Upper bound of the doubling pause, so recovery is noticed quickly. Default {@code 10s}. */
    @WithDefault("10s")
    Duration maxBackoff();
}
