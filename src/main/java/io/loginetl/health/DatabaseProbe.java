package io.loginetl.health;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Checks the database in the background when the pipeline has not used it lately (an idle
 * service), so readiness stays true without ever blocking a probe on a connection attempt.
 * Its checks tell readiness whether the server answers; they are not the pipeline's progress
 * (liveness), which only the pipeline's own calls show.
 */
@Singleton
public class DatabaseProbe {

    private static final Duration FRESH = Duration.ofSeconds(10);
    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;
    private final Reachability reachability;

    public DatabaseProbe(AgroalDataSource dataSource, Reachability reachability) {
        this.dataSource = dataSource;
        this.reachability = reachability;
    }

    // Not once shutdown has begun: a run queued late on a busy machine would meet a stopped container
    // and log a stack trace after a one-line start-up failure (CI saw it in StartupIT).
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void probeWhenIdle() {
        Reachability.Endpoint database = reachability.database();
        if (database.sinceLastCall().map(since -> since.compareTo(FRESH) < 0).orElse(false)) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(VALID_TIMEOUT_SECONDS)) {
                database.reachable();
            } else {
                database.probeFailed(new SQLException("connection not valid within " + VALID_TIMEOUT_SECONDS + " s"));
            }
        } catch (SQLException | RuntimeException e) {
            database.probeFailed(e);
        }
    }
}
