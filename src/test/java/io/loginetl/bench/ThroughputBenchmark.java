package io.loginetl.bench;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.it.TestInfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run, one machine: real ElasticMQ and PostgreSQL (the embedded ones the tests use), N
 * exercise-shaped events, then (1) the queue ceiling — a plain receive + delete drain with the
 * same SDK client and concurrency — and (2) login-etl draining the same events (JVM, and the
 * native executable when one is built). Verifies the rows, then prints a table and one JSON line.
 * Usage: {@code scripts/benchmark.sh [messages=100000] [bad-share=0.01]}.
 */
public final class ThroughputBenchmark {

    private static final int CONCURRENCY = 8;
    /**
     * Heap caps as a container limit would set them (JVM: 256 MiB, native: 128 MiB). Without a cap
     * both heaps grow with the run's length whatever the live set, up to a share of the machine's
     * 24 GB; with it, a backlog of any size must fit the bounded in-flight window or fail.
     */
    private static final String JVM_HEAP = "-Xmx256m";
    private static final String JVM_HEAP_MIN = "-Xms256m";
    private static final String NATIVE_HEAP = "-Xmx128m";

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double badShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        List<String> events = EventGenerator.generate(n, badShare, 42);
        long validCount = n - EventGenerator.badCount(n, badShare);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(Path.of("target/bench"));

        // ElasticMQ runs in this JVM: warm its JIT first, or whichever drain goes first looks slow.
        TestInfra warmUp = loaded(events.subList(0, Math.min(n, 30_000)));
        Measurement.run("warm-up", ceilingCommand(java, warmUp), Map.of(), warmUp, Math.min(n, 30_000), false);

        List<Measurement> results = new ArrayList<>();
        TestInfra ceilingQueue = loaded(events);
        results.add(Measurement.run("queue ceiling", ceilingCommand(java, ceilingQueue), Map.of(), ceilingQueue, n, false));

        List<String> jvm = List.of(java, JVM_HEAP_MIN, JVM_HEAP, "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        results.add(runEtl("login-etl JVM", jvm, events, validCount));
        Path runner = Path.of("target/login-etl-1.0.0-SNAPSHOT-runner");
        if (Files.isExecutable(runner)) {
            results.add(runEtl("login-etl native", List.of(runner.toAbsolutePath().toString(), NATIVE_HEAP), events, validCount));
        }
        List<StartupProbe> startups = new ArrayList<>();
        startups.add(StartupProbe.run("login-etl JVM", jvm));
        if (Files.isExecutable(runner)) {
            startups.add(StartupProbe.run("login-etl native", List.of(runner.toAbsolutePath().toString(), NATIVE_HEAP)));
        }
        report(n, badShare, results, startups, Files.isExecutable(runner) ? Files.size(runner) : -1);
    }

    private static List<String> ceilingCommand(String java, TestInfra queue) {
        return List.of(java, JVM_HEAP, "-cp", System.getProperty("java.class.path"), CeilingDrain.class.getName(),
                EmbeddedServers.sqsEndpoint(), queue.queueUrl(), Integer.toString(CONCURRENCY));
    }

    private static Measurement runEtl(String name, List<String> command, List<String> events, long validCount)
            throws Exception {
        TestInfra infra = loaded(events);
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("ETL_RECEIVE_CONCURRENCY", Integer.toString(CONCURRENCY));
        Measurement m = Measurement.run(name, command, env, infra, events.size(), true);
        verify(name, infra, validCount);
        return m;
    }

    private static TestInfra loaded(List<String> events) throws InterruptedException {
        TestInfra infra = TestInfra.create();
        long started = System.nanoTime();
        int loaders = 8;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < loaders; t++) {
            int from = events.size() * t / loaders, to = events.size() * (t + 1) / loaders;
            Thread loader = new Thread(() -> infra.send(events.subList(from, to)));
            loader.start();
            threads.add(loader);
        }
        for (Thread loader : threads) {
            loader.join();
        }
        System.out.printf(Locale.ROOT, "loaded %d events in %.1f s%n", events.size(), (System.nanoTime() - started) / 1e9);
        return infra;
    }

    /** Row count = valid messages and no message stored twice, or the numbers mean nothing. */
    private static void verify(String name, TestInfra infra, long validCount) throws Exception {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*), count(DISTINCT message_id) FROM user_logins")) {
            rs.next();
            long rows = rs.getLong(1), distinct = rs.getLong(2);
            if (rows != validCount || distinct != rows) {
                throw new IllegalStateException(name + ": expected " + validCount + " rows, found " + rows
                        + " (" + distinct + " distinct message ids)");
            }
            System.out.printf("%s verified: %d rows, all message ids distinct%n", name, rows);
        }
    }

    private static void report(int n, double badShare, List<Measurement> results, List<StartupProbe> startups,
                               long binaryBytes) {
        Measurement ceiling = results.get(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-18s %12s %8s %14s %9s %12s %14s %12s%n", "run", "msgs/s", "ratio",
                "cpu-ms/msg", "cpu-ratio", "peak-rss-MB", "first-row-ms", "total-s");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages", n);
        json.put("bad_share", badShare);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        for (Measurement m : results) {
            double ratio = m.messagesPerSecond() / ceiling.messagesPerSecond();
            double cpuRatio = m.cpuMillisPerMessage() / ceiling.cpuMillisPerMessage();
            System.out.printf(Locale.ROOT, "%-18s %12.0f %8.3f %14.4f %9.3f %12.1f %14s %12.1f%n", m.name(),
                    m.messagesPerSecond(), ratio, m.cpuMillisPerMessage(), cpuRatio, m.peakRssKb() / 1024.0,
                    m.firstRowMillis() < 0 ? "-" : Long.toString(m.firstRowMillis()), m.totalMillis() / 1000.0);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("msgs_per_s", round(m.messagesPerSecond()));
            entry.put("ratio_to_ceiling", round(ratio));
            entry.put("cpu_ms_per_msg", round(m.cpuMillisPerMessage()));
            entry.put("cpu_ratio_to_ceiling", round(cpuRatio));
            entry.put("cpu_ms_per_msg_whole_run", round(m.totalCpuMillis() / (double) n));
            entry.put("peak_rss_mb", round(m.peakRssKb() / 1024.0));
            entry.put("first_row_ms", m.firstRowMillis());
            entry.put("total_s", round(m.totalMillis() / 1000.0));
            json.put(m.name().replace(' ', '_'), entry);
        }
        System.out.println();
        System.out.printf("%-18s %14s %14s%n", "start-up", "ready-ms", "idle-rss-MB");
        for (StartupProbe s : startups) {
            System.out.printf(Locale.ROOT, "%-18s %14d %14.1f%n", s.name(), s.readyMillis(), s.idleRssKb() / 1024.0);
            Map<String, Object> entry = castMap((Map<?, ?>) json.get(s.name().replace(' ', '_')));
            entry.put("ready_ms", s.readyMillis());
            entry.put("idle_rss_mb", round(s.idleRssKb() / 1024.0));
        }
        if (binaryBytes > 0) {
            System.out.printf(Locale.ROOT, "native executable: %.1f MB%n", binaryBytes / 1048576.0);
            json.put("native_binary_mb", round(binaryBytes / 1048576.0));
        }
        System.out.println();
        System.out.println(toJson(json));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static String toJson(Map<String, Object> map) {
        StringBuilder out = new StringBuilder("{");
        map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof Map<?, ?> m ? toJson(castMap(m)) : v.toString()));
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static boolean anyRow(TestInfra infra) {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT EXISTS (SELECT 1 FROM user_logins)")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (Exception notYetMigrated) {
            return false;
        }
    }
}
