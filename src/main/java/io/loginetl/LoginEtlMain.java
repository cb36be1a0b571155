package io.loginetl;

import io.loginetl.config.EtlConfig;
import io.loginetl.pipeline.DrainSummary;
import io.loginetl.pipeline.Pipeline;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point. In service mode it starts the {@link Pipeline} and waits for SIGTERM; in drain mode
 * it runs the pipeline to the end of the queue and turns the outcome into the exit code a
 * Kubernetes Job understands. The pipeline starts here, not on Quarkus' start-up event, so that a
 * process started for anything else never begins receiving.
 */
@QuarkusMain
public class LoginEtlMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(LoginEtlMain.class);

    private final Pipeline pipeline;
    private final EtlConfig config;

    public LoginEtlMain(Pipeline pipeline, EtlConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    @Override
    public int run(String... args) throws InterruptedException {
        return switch (config.mode()) {
            case SERVICE -> {
                pipeline.startService();
                Quarkus.waitForExit();
                yield pipeline.failed() ? 1 : 0;
            }
            case DRAIN -> {
                DrainSummary summary = pipeline.drain();
                LOG.info(summary.line());
                int exitCode = summary.complete() ? 0 : 1;
                exitDevModeWhenUnattended(exitCode);
                yield exitCode;
            }
        };
    }

    /**
     * {@code ./mvnw quarkus:dev -Detl.mode=drain} from a script must end like the real job does, but
     * dev mode keeps the JVM waiting for "[space] to restart" after main returns. Without a terminal
     * nobody can press it, so exit for real; with one, keep the dev-mode comfort of re-running.
     * A separate thread, because System.exit runs shutdown hooks that wait for this main thread.
     */
    private static void exitDevModeWhenUnattended(int exitCode) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && System.console() == null) {
            Thread exit = new Thread(() -> System.exit(exitCode), "etl-dev-drain-exit");
            exit.setDaemon(true);
            exit.start();
        }
    }
}
