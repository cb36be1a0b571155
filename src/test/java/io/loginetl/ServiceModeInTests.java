package io.loginetl;

import io.loginetl.config.EtlConfig;
import io.loginetl.pipeline.Pipeline;
import io.loginetl.pipeline.RunMode;
import io.loginetl.startup.StartupSequence;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code @QuarkusTest} never calls the {@code @QuarkusMain}, which is what starts the pipeline in a
 * real process. This test-only bean does it instead: it migrates the database like start-up does, and
 * starts the pipeline so that service-mode tests see the running service.
 */
@Singleton
class ServiceModeInTests {

    void onStart(@Observes StartupEvent event, EtlConfig config, StartupSequence startup, Pipeline pipeline)
            throws InterruptedException {
        startup.prepare(config.mode()); // the schema, for every @QuarkusTest
        if (config.mode() == RunMode.SERVICE) {
            pipeline.startService();
        }
    }
}
