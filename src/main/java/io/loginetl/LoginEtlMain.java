package io.loginetl;

import io.loginetl.commands.OperatorCommands;
import io.loginetl.config.EtlConfig;
import io.loginetl.pipeline.DrainSummary;
import io.loginetl.pipeline.Pipeline;
import io.loginetl.pipeline.RunMode;
import io.loginetl.startup.StartupFailure;
import io.loginetl.startup.StartupSequence;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * Entry point. In service mode it starts the {@link Pipeline} and waits for SIGTERM; in drain mode
 * it runs the pipeline to the end of the queue and turns the outcome into the exit code a
 * Kubernetes Job understands. The pipeline starts here, not on Quarkus' start-up event, so that a
 * process started for anything else never begins receiving: with arguments, the process runs one
 * operator command ({@code keygen}, {@code reveal}, {@code lookup}, {@code rekey}, {@code erase}) and
 * exits, and the pipeline is never even built ({@link Main} sets such a process up).
 */
public class LoginEtlMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(LoginEtlMain.class);

    private final StartupSequence startup;
    private final Instance<Pipeline> pipelines;
    private final EtlConfig config;
    private final OperatorCommands commands;

    /** The pipeline is created after the start-up checks, which name a missing setting in one line. */
    public LoginEtlMain(StartupSequence startup, Instance<Pipeline> pipelines, EtlConfig config, OperatorCommands commands) {
        this.startup = startup;
        this.pipelines = pipelines;
        this.config = config;
        this.commands = commands;
    }

    /** Exit code after SIGTERM, as the JVM and a native executable report a signal's end: 128 + 15. */
    public static final int STOPPED_BY_SIGNAL = 143;

    /**
     * 0: drained; 1: failed (a setting, a queue or the database that retrying cannot fix);
     * {@value #STOPPED_BY_SIGNAL}: stopped by SIGTERM after settling what was in flight, so a
     * Kubernetes Job's podFailurePolicy can tell an eviction from a failure.
     */
    @Override
    public int run(String... args) throws InterruptedException {
        if (args.length > 0) {
            return commands.run(args);
        }
        // The heap cap in effect (a native executable's built-in default unless -Xmx or a container says otherwise).
        LOG.infof("Starting in %s mode: heap at most %d MB, %d CPUs", config.mode().name().toLowerCase(Locale.ROOT),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
        try {
            // The SQS client's build and first requests overlap the wait for the database (QueueCheck). Not
            // with migrations at start: the queue answering early would let readiness (with DatabaseProbe's
            // answer) report ready while the schema is still being migrated (OutageIT cut the database then).
            startup.prepare(config.mode(), () -> {
                if (config.mode() != RunMode.MIGRATE && !config.startup().migrate()) {
                    pipelines.get().beginQueueCheck();
                }
            });
            if (config.mode() != RunMode.MIGRATE && startup.stopping()) {
                // Told to stop while the database was being reached: the pipeline's own stop would not hear it.
                LOG.info("Stopped by SIGTERM during start-up");
                return STOPPED_BY_SIGNAL;
            }
            return switch (config.mode()) {
                case MIGRATE -> {
                    exitDevModeWhenUnattended(0);
                    yield 0;
                }
                case SERVICE -> {
                    Pipeline pipeline = pipelines.get();
                    pipeline.startService();
                    Quarkus.waitForExit();
                    yield pipeline.failed() ? 1 : STOPPED_BY_SIGNAL;
                }
                case DRAIN -> {
                    Pipeline pipeline = pipelines.get();
                    DrainSummary summary = pipeline.drain();
                    LOG.info(summary.line());
                    int exitCode = summary.complete() ? 0 : pipeline.stopped() && !pipeline.failed() ? STOPPED_BY_SIGNAL : 1;
                    exitDevModeWhenUnattended(exitCode);
                    yield exitCode;
                }
            };
        } catch (StartupFailure | IllegalStateException e) {
            if (startup.stopping()) {
                LOG.info("Stopped by SIGTERM during start-up");
                return STOPPED_BY_SIGNAL;
            }
            LOG.errorf("login-etl cannot start: %s", e.getMessage());
            return 1;
        }
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
