package io.loginetl.bench;

import io.loginetl.testsupport.EventGenerator;
import io.loginetl.testsupport.TestInfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What a scale-to-zero start costs, as the process is launched (no extra flags unless the command
 * carries them), medians over the rounds. Each round, on fresh queues and databases:
 * <ul>
 * <li>first row, migrations run separately (as the Kubernetes manifests do: the app's own
 *     {@code ETL_MODE=migrate} first, then {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false}): exec →
 *     the first row of a {@value #BURST}-message burst is visible in PostgreSQL, and exec → exit
 *     with the peak RSS of that drain;</li>
 * <li>first row with migrations at start on a schema that is already current (Flyway's check only),
 *     and on an empty database (Flyway creates the schema);</li>
 * <li>exec → {@code /q/health/ready} 200 (service mode, empty queue), migrations run separately
 *     and at start on an empty database; after the first, the RSS after five idle seconds.</li>
 * </ul>
 * Rows are polled every {@value #POLL_MILLIS} ms on one kept connection and readiness every
 * {@value #POLL_MILLIS} ms, so figures are good to a few ms; the polling costs the machine little
 * next to the start it watches.
 */
record StartupProbe(String name, long firstRowMillis, long firstRowMigrateCheckMillis, long firstRowFreshSchemaMillis,
                    long burstMillis, long burstPeakRssKb, long readyMillis, long readyFreshSchemaMillis, long idleRssKb) {

    static final int BURST = 1_000;
    private static final long POLL_MILLIS = 2;
    private static final long TIMEOUT_NANOS = 120_000_000_000L;
    private static final String MIGRATE_AT_START = "QUARKUS_FLYWAY_MIGRATE_AT_START";

    /**
     * One start of each kind per round for every form (name → exactly what an operator would run), the
     * forms taking turns within a round and the order reversed every other round, so the machine's drift
     * reaches all of them alike and two builds compare paired.
     */
    static List<StartupProbe> run(Map<String, List<String>> forms, int rounds) throws Exception {
        List<String> burst = EventGenerator.generate(BURST, 0.01, 7);
        Map<String, List<StartupProbe>> runs = new LinkedHashMap<>();
        forms.keySet().forEach(name -> runs.put(name, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(forms.keySet());
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String name : order) {
                runs.get(name).add(once(name, forms.get(name), burst, round == 1));
            }
        }
        List<StartupProbe> medians = new ArrayList<>();
        runs.forEach((name, each) -> medians.add(medians(name, each)));
        return medians;
    }

    private static StartupProbe medians(String name, List<StartupProbe> runs) {
        return new StartupProbe(name, median(runs, StartupProbe::firstRowMillis),
                median(runs, StartupProbe::firstRowMigrateCheckMillis), median(runs, StartupProbe::firstRowFreshSchemaMillis),
                median(runs, StartupProbe::burstMillis), runs.stream().mapToLong(StartupProbe::burstPeakRssKb).max().orElse(-1),
                median(runs, StartupProbe::readyMillis), median(runs, StartupProbe::readyFreshSchemaMillis),
                runs.get(0).idleRssKb());
    }

    private static StartupProbe once(String name, List<String> command, List<String> burst, boolean idleRss) throws Exception {
        String log = name.replace(' ', '-');
        TestInfra migrated = TestInfra.create();
        TestInfra fresh = TestInfra.create();
        try {
            migrate(command, migrated, log);
            migrated.send(burst);
            Drain separately = drain(command, env(migrated, "drain", false), migrated, log + "-first-row");
            truncate(migrated);
            migrated.send(burst);
            Drain checking = drain(command, env(migrated, "drain", true), migrated, log + "-first-row-migrate-check");
            fresh.send(burst);
            Drain creating = drain(command, env(fresh, "drain", true), fresh, log + "-first-row-fresh-schema");
            long[] ready = ready(command, env(migrated, "service", false), log + "-ready", idleRss);
            fresh.delete();
            fresh = TestInfra.create();
            long[] readyCreating = ready(command, env(fresh, "service", true), log + "-ready-fresh-schema", false);
            return new StartupProbe(name, separately.firstRowMillis, checking.firstRowMillis, creating.firstRowMillis,
                    separately.totalMillis, separately.peakRssKb, ready[0], readyCreating[0], ready[1]);
        } finally {
            migrated.delete();
            fresh.delete();
        }
    }

    private static Map<String, String> env(TestInfra infra, String mode, boolean migrateAtStart) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", mode);
        env.put(MIGRATE_AT_START, Boolean.toString(migrateAtStart));
        // An idle service's receivers end a long poll before a stop completes: keep that short.
        env.put("ETL_RECEIVE_WAIT_TIME", "1s");
        return env;
    }

    private static void migrate(List<String> command, TestInfra infra, String log) throws Exception {
        Map<String, String> env = env(infra, "migrate", true);
        env.put("QUARKUS_HTTP_PORT", "0");
        Process process = start(command, env, log + "-migrate");
        if (process.waitFor() != 0) {
            throw new IllegalStateException(log + ": ETL_MODE=migrate failed, see target/bench/" + log + "-migrate.log");
        }
    }

    private record Drain(long firstRowMillis, long totalMillis, long peakRssKb) {
    }

    private static Drain drain(List<String> command, Map<String, String> env, TestInfra infra, String log) throws Exception {
        env.put("QUARKUS_HTTP_PORT", "0");
        try (Connection db = infra.db()) {
            long start = System.nanoTime();
            Process process = start(command, env, log);
            long firstRow = -1, peakRssKb = 0;
            while (process.isAlive() && System.nanoTime() - start < TIMEOUT_NANOS) {
                if (firstRow < 0 && anyRow(db)) {
                    firstRow = (System.nanoTime() - start) / 1_000_000;
                }
                ProcStats stats = ProcStats.of(process.pid());
                peakRssKb = stats == null ? peakRssKb : Math.max(peakRssKb, stats.peakRssKb());
                Thread.sleep(POLL_MILLIS);
            }
            long total = (System.nanoTime() - start) / 1_000_000;
            if (process.isAlive() || process.exitValue() != 0 || firstRow < 0) {
                process.destroyForcibly();
                throw new IllegalStateException(log + " failed, see target/bench/" + log + ".log");
            }
            return new Drain(firstRow, total, peakRssKb);
        }
    }

    /** Milliseconds to ready and, if asked, the RSS after five idle seconds (else -1). */
    private static long[] ready(List<String> command, Map<String, String> env, String log, boolean idleRss) throws Exception {
        int port = TestInfra.freePort();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long start = System.nanoTime();
        Process process = start(command, env, log);
        try {
            long readyMillis = -1;
            while (readyMillis < 0 && process.isAlive() && System.nanoTime() - start < TIMEOUT_NANOS) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyMillis = (System.nanoTime() - start) / 1_000_000;
                        break;
                    }
                } catch (IOException notListeningYet) {
                    // not listening yet
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (readyMillis < 0) {
                throw new IllegalStateException(log + " never became ready, see target/bench/" + log + ".log");
            }
            long rss = -1;
            if (idleRss) {
                Thread.sleep(5_000);
                ProcStats idle = ProcStats.of(process.pid());
                rss = idle == null ? -1 : idle.peakRssKb();
            }
            return new long[] {readyMillis, rss};
        } finally {
            process.destroy(); // SIGTERM: the graceful path
            process.waitFor();
        }
    }

    private static Process start(List<String> command, Map<String, String> env, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench", log + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static boolean anyRow(Connection db) {
        try (PreparedStatement query = db.prepareStatement("SELECT EXISTS (SELECT 1 FROM user_logins)");
             ResultSet rs = query.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException notYetMigrated) {
            return false;
        }
    }

    /** Keeps the schema and Flyway's history: the next start meets a current schema and an empty table. */
    private static void truncate(TestInfra infra) throws SQLException {
        try (Connection c = infra.db()) {
            c.createStatement().execute("TRUNCATE user_logins, etl_rejections");
        }
    }

    private static long median(List<StartupProbe> runs, ToLongFunction<StartupProbe> metric) {
        long[] sorted = runs.stream().mapToLong(metric).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
