package io.loginetl;

import io.loginetl.pipeline.DrainSummary;
import io.loginetl.pipeline.Pipeline;
import io.loginetl.pipeline.PipelineConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point. In service mode the pipeline starts with the application (see
 * {@link Pipeline}) and this only waits for SIGTERM; in drain mode it runs the pipeline to the end
 * of the queue and turns the outcome into the exit code a Kubernetes Job understands.
 */
@QuarkusMain
public class LoginEtlMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(LoginEtlMain.class);

    private final Pipeline pipeline;
    private final PipelineConfig config;

    public LoginEtlMain(Pipeline pipeline, PipelineConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    @Override
    public int run(String... args) throws InterruptedException {
        return switch (config.mode()) {
            case SERVICE -> {
                Quarkus.waitForExit();
                yield pipeline.failed() ? 1 : 0;
            }
            case DRAIN -> {
                DrainSummary summary = pipeline.drain();
                LOG.info(summary.line());
                yield summary.complete() ? 0 : 1;
            }
        };
    }
}
