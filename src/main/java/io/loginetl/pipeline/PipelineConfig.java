package io.loginetl.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Process-level behaviour of the pipeline ({@code etl.mode}, {@code etl.max-in-flight}, ...). */
@ConfigMapping(prefix = "etl")
public interface PipelineConfig {

    /** {@code ETL_MODE}: {@code service} (default) or {@code drain}. */
    @WithDefault("service")
    RunMode mode();

    /**
     * Messages received but not yet deleted or released. Default {@code 4000}: four full write
     * batches, so receivers never wait on a healthy database, while memory stays bounded however
     * deep the backlog is (receivers stop polling when the writer falls behind).
     */
    @WithDefault("4000")
    int maxInFlight();

    /**
     * Long-poll wait used in drain mode. Default {@code 1s}: still a long poll (it asks every SQS
     * server), but an empty queue ends the run after one second instead of twenty.
     */
    @WithDefault("1s")
    Duration drainWaitTime();

    /**
     * How long a stop may take to finish the batches in flight after receivers return. Default
     * {@code 25s}; keep the pod's termination grace period above receive wait time + this.
     */
    @WithDefault("25s")
    Duration shutdownTimeout();

    /** How often a progress line with the running counts is logged (only when they changed). Default {@code 60s}. */
    @WithDefault("60s")
    Duration progressInterval();
}
