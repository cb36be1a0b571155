package io.loginetl.bench;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.it.TestInfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run, one machine: real ElasticMQ and PostgreSQL (the embedded ones the tests use), N
 * exercise-shaped events, then in each of R rounds (1) the queue ceiling — a plain receive + delete
 * drain with the same SDK client and concurrency — and (2) login-etl draining the same events (JVM,
 * and the native executable when one is built), each on a freshly loaded queue. Rows are verified
 * after every login-etl drain; the report gives medians over the rounds and each round's ratio to
 * the ceiling measured in that same round.
 * Usage: {@code scripts/benchmark.sh [messages=100000] [bad-share=0.01] [rounds=3]}.
 */
public final class ThroughputBenchmark {

    private static final int CONCURRENCY = 8;
    /**
     * The JVM as {@code src/main/docker/Dockerfile.jvm} runs it: the serial collector (the host's
     * default, G1, costs login-etl about a fifth more CPU per message here) and a heap fixed at
     * 256 MiB, as a container limit would cap it. Without a cap both heaps grow with the run's
     * length, whatever the live set, up to a share of the machine's 24 GB. The ceiling runs with
     * the same flags, so neither side pays for a different collector. Native: 128 MiB, on its own
     * serial collector.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m");
    private static final String NATIVE_HEAP = "-Xmx128m";
    private static final String WARM_UP = "warm-up";

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double badShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> events = EventGenerator.generate(n, badShare, 42);
        long validCount = n - EventGenerator.badCount(n, badShare);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(Path.of("target/bench"));

        // BENCH_ETL_JVM_OPTS: extra flags for login-etl's drains only, e.g. a JFR recording to profile it.
        List<String> jvm = jvmCommand(java, System.getenv().getOrDefault("BENCH_ETL_JVM_OPTS", ""));
        Path runner = Path.of("target/login-etl-1.0.0-SNAPSHOT-runner");
        boolean nativeBuilt = Files.isExecutable(runner);
        List<String> nativeCommand = List.of(runner.toAbsolutePath().toString(), NATIVE_HEAP);

        // ElasticMQ runs in this JVM: warm its JIT first, or whichever drain goes first looks slow.
        int warmUpSize = Math.min(n, 30_000);
        TestInfra warmUp = loaded(events.subList(0, warmUpSize));
        Measurement.run(WARM_UP, ceilingCommand(java, warmUp), Map.of(), warmUp, warmUpSize, false);

        List<String> drainers = new ArrayList<>(List.of(Report.CEILING, "login-etl JVM"));
        if (nativeBuilt) {
            drainers.add("login-etl native");
        }
        Map<String, List<Measurement>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(drainers);
            if (round % 2 == 0) {
                Collections.reverse(order); // the same drainer never always goes first (ElasticMQ ages)
            }
            for (String drainer : order) {
                Measurement m = drainer.equals(Report.CEILING)
                        ? ceiling(java, events)
                        : etl(drainer, drainer.endsWith("native") ? nativeCommand : jvm, events, validCount);
                results.computeIfAbsent(drainer, k -> new ArrayList<>()).add(m);
                System.out.printf(Locale.ROOT, "round %d/%d %-17s %8.0f msgs/s %8.4f cpu-ms/msg %7.1f MB peak%n",
                        round, rounds, drainer, m.messagesPerSecond(), m.cpuMillisPerMessage(), m.peakRssKb() / 1024.0);
            }
        }
        List<StartupProbe> startups = new ArrayList<>();
        startups.add(StartupProbe.run("login-etl JVM", jvmCommand(java, "")));
        if (nativeBuilt) {
            startups.add(StartupProbe.run("login-etl native", nativeCommand));
        }
        new Report(n, badShare, rounds, results, startups, nativeBuilt ? Files.size(runner) : -1).print();
    }

    private static List<String> jvmCommand(String java, String extraFlags) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        if (!extraFlags.isBlank()) {
            command.addAll(List.of(extraFlags.strip().split("\\s+")));
        }
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        return command;
    }

    private static List<String> ceilingCommand(String java, TestInfra queue) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        // CeilingDrain logs at INFO through JBoss LogManager, as login-etl does.
        command.addAll(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), CeilingDrain.class.getName(),
                EmbeddedServers.sqsEndpoint(), queue.queueUrl(), Integer.toString(CONCURRENCY)));
        return command;
    }

    private static Measurement ceiling(String java, List<String> events) throws Exception {
        TestInfra queue = loaded(events);
        return Measurement.run(Report.CEILING, ceilingCommand(java, queue), Map.of(), queue, events.size(), false);
    }

    private static Measurement etl(String name, List<String> command, List<String> events, long validCount)
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
