package io.loginetl.startup;

import io.agroal.api.AgroalDataSource;
import io.loginetl.config.EtlConfig;
import io.loginetl.health.Reachability;
import io.loginetl.ingest.QueueTargets;
import io.loginetl.ingest.SqsLimits;
import io.loginetl.masking.Masker;
import io.loginetl.persist.DatabaseFailures;
import io.loginetl.pipeline.PipelineStats;
import io.loginetl.pipeline.RunMode;
import io.loginetl.support.Failures;
import io.loginetl.support.Retry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What runs before the pipeline, in this order: the settings are checked (nothing has touched the
 * database or a queue yet), then the queue check begins in the background (the caller's hook), then the
 * database is waited for with the one retry helper, bounded by
 * {@code etl.startup.database-timeout} (readiness reports DOWN meanwhile), then the migrations run
 * when {@code etl.startup.migrate} (or {@code ETL_MODE=migrate}) asks for them, one instance at a
 * time ({@link MigrationLock}). A mistake in a setting becomes a {@link StartupFailure}: one line,
 * exit 1.
 */
@Singleton
public class StartupSequence {

    private static final Logger LOG = Logger.getLogger(StartupSequence.class);
    private static final int VALID_TIMEOUT_SECONDS = 5;
    private static final Duration LOCK_POLL = Duration.ofMillis(250);
    /** application.properties' production placeholder: the URL was never set. */
    static final String URL_NOT_SET_HOST = "set-quarkus-datasource-jdbc-url.invalid";

    private final EtlConfig config;
    private final Instance<QueueTargets> queues;
    private final AgroalDataSource dataSource;
    private final Instance<Flyway> flyway;
    private final String databaseUrl;
    private final MigrationLock migrationLock;
    private final Reachability.Endpoint database;
    private final Retry retry;
    private final StopSignal stop;

    public StartupSequence(EtlConfig config, Instance<QueueTargets> queues, AgroalDataSource dataSource, Instance<Flyway> flyway,
                           Reachability reachability, PipelineStats stats, StopSignal stop,
                           @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> databaseUrl) {
        this.config = config;
        this.stop = stop;
        this.databaseUrl = databaseUrl.orElse("");
        this.queues = queues;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.migrationLock = new MigrationLock(MigrationLock.beside(dataSource), LOCK_POLL);
        this.database = reachability.database();
        this.retry = Retry.of(config.retry()).counting(stats.databaseRetryCounter()).explaining(DatabaseFailures::permanentProblem);
    }

    /** SIGTERM, even during Quarkus' own start, ends the wait for the database (the process then exits 143, not 1). */
    public boolean stopping() {
        return stop.requested();
    }

    /** Checks the settings the mode needs, waits for the database and migrates it if asked to. */
    public void prepare(RunMode mode) throws InterruptedException {
        prepare(mode, () -> { });
    }

    /**
     * The same, running {@code onceSettingsHold} between the settings check and the wait for the database:
     * work that needs valid settings but not the database (the queue check) overlaps the wait.
     */
    public void prepare(RunMode mode, Runnable onceSettingsHold) throws InterruptedException {
        if (mode != RunMode.MIGRATE) {
            checkSettings();
        }
        onceSettingsHold.run();
        boolean migrate = mode == RunMode.MIGRATE || config.startup().migrate();
        awaitDatabase(migrate);
    }

    /**
     * For an operator command: waits for the database and migrates it when {@code etl.startup.migrate}
     * asks, like the pipeline's start; a command needs no queue.
     */
    public void prepareForCommand() throws InterruptedException {
        awaitDatabase(config.startup().migrate());
    }

    private void checkSettings() {
        try {
            Masker.check(config.masking());
            queues.get(); // production: ETL_QUEUE_URL must be set
            SqsLimits.check(config);
        } catch (IllegalStateException e) {
            throw new StartupFailure(e.getMessage());
        }
    }

    private void awaitDatabase(boolean migrate) throws InterruptedException {
        if (databaseUrl.isBlank() || databaseUrl.contains(URL_NOT_SET_HOST)) {
            throw new StartupFailure("QUARKUS_DATASOURCE_JDBC_URL (quarkus.datasource.jdbc.url) is not set;"
                    + " configure the PostgreSQL JDBC URL, e.g. jdbc:postgresql://host:5432/database");
        }
        Duration bound = config.startup().databaseTimeout();
        long started = System.nanoTime();
        long deadline = started + bound.toNanos();
        long[] migrationNanos = {0};
        BooleanSupplier keepWaiting = () -> !stopping() && System.nanoTime() - deadline < 0;
        try {
            retry.call("Connecting to the database", database.tracking(() -> {
                connect();
                if (migrate) {
                    long migrating = System.nanoTime();
                    migrationLock.holding(() -> flyway.get().migrate(), keepWaiting);
                    migrationNanos[0] = System.nanoTime() - migrating;
                }
                return null;
            }), DatabaseFailures::isUnreachable, keepWaiting);
        } catch (Retry.GaveUpException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StartupFailure failure) {
                throw failure;
            }
            if (DatabaseFailures.isUnreachable(cause)) {
                throw new StartupFailure("the database was not reachable within " + bound.toSeconds()
                        + " s (ETL_STARTUP_DATABASE_TIMEOUT); check QUARKUS_DATASOURCE_JDBC_URL: " + Failures.describe(cause));
            }
            String problem = DatabaseFailures.permanentProblem(cause).orElse(null);
            if (problem != null) {
                throw new StartupFailure((migrate ? "migrating the database failed: " : "the database refused login-etl: ")
                        + problem + " (" + Failures.describe(cause) + ")");
            }
            // Neither an outage nor a setting we know (a checksum mismatch, a bug): keep the stack trace.
            throw new RuntimeException("Start-up failed on the database: " + Failures.describe(cause), cause);
        }
        // Start-up costs, one line (README, "Performance"): a scale-to-zero pod pays them on every start.
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        if (migrate) {
            LOG.infof("Database schema is up to date (database ready in %d ms, of which migrations %d ms)", totalMillis,
                    migrationNanos[0] / 1_000_000);
        } else {
            LOG.infof("Database ready in %d ms (migrations not run at start)", totalMillis);
        }
    }

    private void connect() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(VALID_TIMEOUT_SECONDS)) {
                throw new SQLException("connection not valid within " + VALID_TIMEOUT_SECONDS + " s", "08006");
            }
        }
    }
}
