package io.loginetl.pipeline;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * One line of counts every {@code etl.progress.interval}, and only when something happened, so an
 * idle service does not fill the log while a busy one shows its rate without a metrics stack.
 */
@Singleton
public class ProgressLog {

    private static final Logger LOG = Logger.getLogger(ProgressLog.class);

    private final PipelineStats stats;
    private long lastReceived;

    public ProgressLog(PipelineStats stats) {
        this.stats = stats;
    }

    @Scheduled(every = "${etl.progress.interval}", delayed = "${etl.progress.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void report() {
        long received = stats.received();
        if (received != lastReceived) {
            LOG.infof("Progress: %s", stats);
            lastReceived = received;
        }
    }
}
