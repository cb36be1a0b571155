package io.loginetl.it;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up as an operator meets it: a database that is down at start is waited out (readiness DOWN,
 * one line per back-off cycle) up to ETL_STARTUP_DATABASE_TIMEOUT; ETL_MODE=migrate migrates and
 * exits; a mistake in a setting is one line naming it, exit 1, no stack trace, before the database
 * is touched.
 */
class StartupIT {

    private static final List<String> EVENTS = SampleEvents.validEvents().stream().limit(10).map(Object::toString).toList();

    /** ETL_MODE=migrate needs neither a queue nor a key, and leaves the schema in place. */
    static void migrate(TestInfra infra) throws Exception {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.remove("ETL_QUEUE_URL");
        env.remove("ETL_MASKING_KEY");
        env.put("ETL_MODE", "migrate");
        PackagedApp.Result result = PackagedApp.run(env, 120);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(tables(infra)).contains("user_logins", "etl_rejections", "flyway_schema_history");
    }

    @Test
    void migrateModeCreatesTheSchemaAndExitsZero() throws Exception {
        TestInfra infra = TestInfra.create();
        migrate(infra);
        assertThat(EndState.rows(infra)).isZero();
    }

    /** QUARKUS_FLYWAY_MIGRATE_AT_START=false is honoured although Quarkus' own switch is forced off. */
    @Test
    void migrateAtStartFalseLeavesAnEmptyDatabaseAlone() throws Exception {
        TestInfra infra = TestInfra.create();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");

        PackagedApp.Result result = PackagedApp.run(env, 60);

        assertThat(result.exitCode()).as(result.output()).isZero(); // an empty queue: nothing to write
        assertThat(tables(infra)).isEmpty();
    }

    @Test
    void aDatabaseDownAtStartIsWaitedOutThenTheServiceRuns() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(EVENTS);
        try (TcpProxy proxy = new TcpProxy(EmbeddedServers.postgresPort())) {
            proxy.cut();
            int httpPort = TestInfra.freePort();
            Map<String, String> env = viaProxy(infra, proxy);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            env.put("ETL_RETRY_MAX_BACKOFF", "1s");
            Path log = Path.of("target/it-logs/startup-database-down.log");
            Process app = PackagedApp.start(env, log);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> AppHttp.ready(httpPort) == 503);
                Thread.sleep(6_000); // the old start-up gave up after about 4 s
                assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(AppHttp.ready(httpPort)).isEqualTo(503);
                assertThat(infra.queued()).as("nothing received before the database is there").isEqualTo(EVENTS.size());

                proxy.restore();
                await().atMost(Duration.ofSeconds(60)).until(() -> EndState.rows(infra) == EVENTS.size() && infra.queued() == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> AppHttp.ready(httpPort) == 200);
            } finally {
                app.destroy();
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(log);
            assertThat(output).contains("Connecting to the database failed").contains("Connecting to the database recovered")
                    .doesNotContain("\tat ");
            // One line per back-off cycle (2.4 s with a 1 s bound) over at least 6 s, not one per attempt.
            assertThat(output.lines().filter(l -> l.contains("Connecting to the database failed")).count()).isBetween(1L, 6L);
        }
    }

    @Test
    void sigtermWhileWaitingForTheDatabaseExits143() throws Exception {
        TestInfra infra = TestInfra.create();
        try (TcpProxy proxy = new TcpProxy(EmbeddedServers.postgresPort())) {
            proxy.cut();
            int httpPort = TestInfra.freePort();
            Map<String, String> env = viaProxy(infra, proxy);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            Path log = Path.of("target/it-logs/startup-sigterm.log");
            Process app = PackagedApp.start(env, log);
            await().atMost(Duration.ofSeconds(60)).until(() -> AppHttp.ready(httpPort) == 503);

            assertSigtermEndsTheWaitWith143(app, log);
        }
    }

    /**
     * A SIGTERM while Quarkus itself is still starting (the banner is out, the main method not yet
     * running) reached the old ShutdownEvent observer only after the wait for the database had run
     * its whole bound; now it ends the wait like any other SIGTERM.
     */
    @Test
    void sigtermDuringQuarkusStartIsNotIgnored() throws Exception {
        TestInfra infra = TestInfra.create();
        try (TcpProxy proxy = new TcpProxy(EmbeddedServers.postgresPort())) {
            proxy.cut();
            Map<String, String> env = viaProxy(infra, proxy);
            Path log = Path.of("target/it-logs/startup-sigterm-during-start.log");
            Files.deleteIfExists(log);
            Process app = PackagedApp.start(env, log);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("/ __ \\/ / / / _ | / _ \\/ //_/"));

            assertSigtermEndsTheWaitWith143(app, log);
            assertThat(Files.readString(log)).doesNotContain("cannot start");
        }
    }

    @Test
    void aDrainGivesUpOnAnUnreachableDatabaseAfterTheBoundWithOneLine() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(EVENTS);
        try (TcpProxy proxy = new TcpProxy(EmbeddedServers.postgresPort())) {
            proxy.cut();
            Map<String, String> env = viaProxy(infra, proxy);
            env.put("ETL_MODE", "drain");
            env.put("ETL_STARTUP_DATABASE_TIMEOUT", "3s");

            PackagedApp.Result result = PackagedApp.run(env, 60);

            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("not reachable within 3 s (ETL_STARTUP_DATABASE_TIMEOUT)")
                    .contains("QUARKUS_DATASOURCE_JDBC_URL").doesNotContain("\tat ").doesNotContain("drained");
        }
        assertThat(infra.queued()).isEqualTo(EVENTS.size());
    }

    @Test
    void aMissingKeyIsOneLineAndNothingTouchedTheSchema() throws Exception {
        TestInfra infra = TestInfra.create();

        assertOneLine(drainWithout(infra, "ETL_MASKING_KEY"), "login-etl cannot start: ETL_MASKING_KEY (etl.masking.key) is not set");
        assertThat(tables(infra)).as("no migration ran").isEmpty();
    }

    @Test
    void aShortKeyIsOneLineNeverShowsTheKeyAndNothingTouchedTheSchema() throws Exception {
        TestInfra infra = TestInfra.create();

        PackagedApp.Result result = drainWith(infra, Map.of("ETL_MASKING_KEY", "too-short-secret"));

        assertOneLine(result, "login-etl cannot start: ETL_MASKING_KEY (etl.masking.key) is too short");
        assertThat(result.output()).doesNotContain("too-short-secret");
        assertThat(tables(infra)).as("no migration ran").isEmpty();
    }

    /** sslmode=require against a server without TLS: what to check, in one line, not a wait for an outage to end. */
    @Test
    void aServerThatRefusesTlsIsOneLineNamingTheUrl() throws Exception {
        TestInfra infra = TestInfra.create();

        PackagedApp.Result result = drainWith(infra, Map.of("ETL_STARTUP_DATABASE_TIMEOUT", "10s",
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl() + "?sslmode=require"));

        assertOneLine(result, "login-etl cannot start: ");
        assertThat(result.output()).contains("QUARKUS_DATASOURCE_JDBC_URL").containsIgnoringCase("ssl");
    }

    @Test
    void aMissingDatabaseUrlIsOneLine() throws Exception {
        assertOneLine(drainWithout(TestInfra.create(), "QUARKUS_DATASOURCE_JDBC_URL"),
                "login-etl cannot start: QUARKUS_DATASOURCE_JDBC_URL (quarkus.datasource.jdbc.url) is not set");
    }

    private static PackagedApp.Result drainWith(TestInfra infra, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.putAll(settings);
        return PackagedApp.run(env, 60);
    }

    private static PackagedApp.Result drainWithout(TestInfra infra, String variable) throws Exception {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.remove(variable);
        env.put("ETL_MODE", "drain");
        return PackagedApp.run(env, 60);
    }

    private static void assertOneLine(PackagedApp.Result result, String line) {
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains(line).doesNotContain("\tat ");
    }

    @Test
    void aQueueThatDoesNotExistIsOneLine() throws Exception {
        TestInfra infra = TestInfra.create();

        PackagedApp.Result result = drainWith(infra, Map.of("ETL_QUEUE_URL", infra.queueUrl() + "-missing"));

        assertOneLine(result, "login-etl cannot start: the source or dead-letter queue cannot be used");
    }

    private static void assertSigtermEndsTheWaitWith143(Process app, Path log) throws Exception {
        app.destroy();

        assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("exits without waiting out ETL_STARTUP_DATABASE_TIMEOUT").isTrue();
        assertThat(app.exitValue()).as(Files.readString(log)).isEqualTo(143);
    }

    private static Map<String, String> viaProxy(TestInfra infra, TcpProxy proxy) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl().replace(":" + EmbeddedServers.postgresPort() + "/", ":" + proxy.port() + "/"));
        return env;
    }

    static List<String> tables(TestInfra infra) throws SQLException {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
