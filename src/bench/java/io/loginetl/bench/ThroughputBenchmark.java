package io.loginetl.bench;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.it.FaultyHttpProxy;
import io.loginetl.testsupport.EventGenerator;
import io.loginetl.testsupport.TestInfra;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One run, one machine: real ElasticMQ and PostgreSQL (the embedded ones the tests use), N
 * exercise-shaped events, then in each of R rounds (1) the queue ceiling — a plain receive + delete
 * drain with a default SDK v2 client (url-connection) and login-etl's concurrency —, (1b) the same
 * drain over login-etl's Apache HTTP client, and (2) login-etl draining the same events (JVM,
 * and the native executable when one is built), each on a freshly loaded queue of an ElasticMQ
 * that runs in its own warmed-up process ({@link QueueServer}). Rows are verified
 * after every login-etl drain; the report gives medians over the rounds and each round's ratio to
 * the ceiling measured in that same round.
 * Usage: {@code scripts/benchmark.sh [messages=100000] [bad-share=0.01] [rounds=3]}; {@code BENCH_SEALING=both} adds
 * login-etl without a sealing keyset to every round, to measure what sealing costs.
 */
public final class ThroughputBenchmark {

    /** The ceilings' threads; BENCH_CEILING_THREADS: more, to compare with login-etl's receivers at a long round trip. */
    private static final int CONCURRENCY = Integer.parseInt(System.getenv().getOrDefault("BENCH_CEILING_THREADS", "8"));
    /**
     * The JVM as {@code src/main/docker/Dockerfile.jvm} runs it: the serial collector (the host's
     * default, G1, costs login-etl about a fifth more CPU per message here) and a heap fixed at
     * 256 MiB, as a container limit would cap it. Without a cap both heaps grow with the run's
     * length, whatever the live set, up to a share of the machine's 24 GB. The ceiling runs with
     * the same flags, so neither side pays for a different collector. Native: as built, without
     * flags (its heap and collector defaults are baked in at build; BENCH_NATIVE_OPTS adds some).
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m");
    static final String NATIVE_BASELINE = "login-etl native baseline";
    private static final String JVM_BASELINE = "login-etl JVM baseline";
    static final Path RUNNER = Path.of("target/login-etl-1.0.0-SNAPSHOT-runner");
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int WARM_UP_SIZE = 50_000;
    /** Suffix of a login-etl drainer that runs without a sealing keyset. */
    static final String UNSEALED = " unsealed";

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

        // BENCH_ETL_JVM_OPTS / BENCH_CEILING_JVM_OPTS: extra flags for one drainer's JVM, e.g. a profiler.
        String etlJvmOptions = System.getenv().getOrDefault("BENCH_ETL_JVM_OPTS", "");
        List<String> jvm = jvmCommand(java, etlJvmOptions, JAR);
        // BENCH_JVM_BASELINE=<quarkus-run.jar>: another build's jar drains in every round too, with the same flags.
        String jvmBaseline = System.getenv().getOrDefault("BENCH_JVM_BASELINE", "");
        List<String> jvmBaselineCommand = jvmBaseline.isBlank() ? List.of()
                : jvmCommand(java, etlJvmOptions, Path.of(jvmBaseline));
        Path runner = RUNNER;
        boolean nativeBuilt = Files.isExecutable(runner);
        // As built: its heap and collector defaults are baked in (quarkus.native.additional-build-args).
        List<String> nativeCommand = withOptions(runner, System.getenv().getOrDefault("BENCH_NATIVE_OPTS", ""));
        // BENCH_NATIVE_BASELINE=<executable>: another build (e.g. main's) drains in every round too, for a paired before/after.
        List<String> baselineCommand = nativeBaseline();

        // BENCH_SEALING: on (default, the dev public keyset, as TestInfra configures it), off, or both, which adds an
        // unsealed twin of each login-etl drainer to every round, so the sealing cost is paired within rounds.
        String sealing = System.getenv().getOrDefault("BENCH_SEALING", "on");
        List<String> drainers = new ArrayList<>(List.of(Report.CEILING, Report.APACHE_CEILING));
        List<String> etls = new ArrayList<>(List.of("login-etl JVM"));
        if (!jvmBaselineCommand.isEmpty()) {
            etls.add(JVM_BASELINE);
        }
        if (nativeBuilt) {
            etls.add("login-etl native");
        }
        if (!baselineCommand.isEmpty()) {
            etls.add(NATIVE_BASELINE);
        }
        for (String etl : etls) {
            if (!sealing.equals("off")) {
                drainers.add(etl);
            }
            if (!sealing.equals("on")) {
                drainers.add(etl + UNSEALED);
            }
        }
        // BENCH_RTT=0,20,50: every drainer goes through a proxy adding half of each round trip (ms) each way, per
        // round trip in turn, and the proxy's request count gives SQS requests per 1,000 messages. Unset: direct.
        List<Integer> rtts = roundTrips(System.getenv().getOrDefault("BENCH_RTT", ""));
        Map<String, List<Measurement>> results = new LinkedHashMap<>();
        Map<String, List<Double>> requests = new LinkedHashMap<>();
        List<StartupProbe> startups = new ArrayList<>();
        List<IdleProbe> idle = new ArrayList<>();
        try (QueueServer server = QueueServer.start(java)) {
            warmUp(events);
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(drainers);
                if (round % 2 == 0) {
                    Collections.reverse(order); // the same drainer never always goes first (the machine drifts)
                }
                for (Integer rtt : rtts) {
                    for (String drainer : order) {
                        String name = rtt == null ? drainer : drainer + " @" + rtt + "ms";
                        try (FaultyHttpProxy proxy = rtt == null ? null
                                : FaultyHttpProxy.delaying(EmbeddedServers.sqsPort(), Duration.ofMillis(rtt / 2))) {
                            Measurement m = switch (drainer) {
                                case Report.CEILING -> ceiling(name, CeilingDrain.URL_CONNECTION, java, server, events, proxy);
                                case Report.APACHE_CEILING -> ceiling(name, CeilingDrain.APACHE, java, server, events, proxy);
                                default -> etl(name, drainer.startsWith(NATIVE_BASELINE) ? baselineCommand
                                        : drainer.startsWith(JVM_BASELINE) ? jvmBaselineCommand
                                        : drainer.contains("native") ? nativeCommand : jvm, server, events, validCount, proxy);
                            };
                            results.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
                            double per1000 = proxy == null ? Double.NaN : proxy.requests() * 1000.0 / events.size();
                            requests.computeIfAbsent(name, k -> new ArrayList<>()).add(per1000);
                            System.out.printf(Locale.ROOT, "round %d/%d %-17s %8.0f msgs/s %8.4f cpu-ms/msg (jit %.4f)"
                                            + " %7.1f MB peak; queue server %.4f, PostgreSQL %.4f cpu-ms/msg; %.3f context switches/msg%s%n",
                                    round, rounds, name, m.messagesPerSecond(), m.cpuMillisPerMessage(), m.jitMillisPerMessage(),
                                    m.peakRssKb() / 1024.0, m.serverCpuMillisPerMessage(), m.databaseCpuMillisPerMessage(),
                                    m.contextSwitchesPerMessage(), proxy == null ? ""
                                            : String.format(Locale.ROOT, "; %.1f SQS requests per 1,000 msgs %s", per1000,
                                            proxy.requestsByAction()));
                        }
                    }
                }
            }
            startups.addAll(StartupBenchmark.probeAll(java, runner, baselineCommand, rounds));
            idle.addAll(StartupBenchmark.idle(java, runner));
        }
        new Report(n, badShare, rounds, results, requests, startups, idle, nativeBuilt ? Files.size(runner) : -1).print();
    }

    /** BENCH_NATIVE_BASELINE (+ BENCH_NATIVE_BASELINE_OPTS) as a command; empty when unset. */
    static List<String> nativeBaseline() {
        String baseline = System.getenv().getOrDefault("BENCH_NATIVE_BASELINE", "");
        return baseline.isBlank() ? List.of()
                : withOptions(Path.of(baseline), System.getenv().getOrDefault("BENCH_NATIVE_BASELINE_OPTS", ""));
    }

    /** "0,20,50" to [0, 20, 50]; blank to one direct pass (null: no proxy). */
    private static List<Integer> roundTrips(String spec) {
        if (spec.isBlank()) {
            return Collections.singletonList(null);
        }
        return Arrays.stream(spec.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    private static List<String> withOptions(Path executable, String options) {
        List<String> command = new ArrayList<>(List.of(executable.toAbsolutePath().toString()));
        if (!options.isBlank()) {
            command.addAll(List.of(options.strip().split("\\s+")));
        }
        return command;
    }

    static List<String> jvmCommand(String java, String extraFlags, Path jar) {
        List<String> command = javaWithFlags(java, extraFlags);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return command;
    }

    private static List<String> ceilingCommand(String java, TestInfra queue, String httpClient, FaultyHttpProxy proxy) {
        List<String> command = javaWithFlags(java, System.getenv().getOrDefault("BENCH_CEILING_JVM_OPTS", ""));
        // CeilingDrain logs at INFO through JBoss LogManager, as login-etl does.
        command.addAll(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), CeilingDrain.class.getName(),
                routed(EmbeddedServers.sqsEndpoint(), proxy), routed(queue.queueUrl(), proxy), Integer.toString(CONCURRENCY),
                httpClient));
        return command;
    }

    private static String routed(String url, FaultyHttpProxy proxy) {
        return proxy == null ? url : url.replace(":" + EmbeddedServers.sqsPort(), ":" + proxy.port());
    }

    private static List<String> javaWithFlags(String java, String extraFlags) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        if (!extraFlags.isBlank()) {
            command.addAll(List.of(extraFlags.strip().split("\\s+")));
        }
        return command;
    }

    private static Measurement ceiling(String name, String httpClient, String java, QueueServer server,
                                       List<String> events, FaultyHttpProxy proxy) throws Exception {
        TestInfra queue = loaded(events);
        try {
            return Measurement.run(name, ceilingCommand(java, queue, httpClient, proxy), Map.of(), server, queue,
                    events.size(), false);
        } finally {
            queue.delete();
        }
    }

    private static Measurement etl(String name, List<String> command, QueueServer server, List<String> events,
                                   long validCount, FaultyHttpProxy proxy) throws Exception {
        TestInfra infra = loaded(events);
        Map<String, String> env = proxy == null ? new HashMap<>(infra.environment())
                : proxy.route(infra.environment(), EmbeddedServers.sqsPort());
        env.put("ETL_MODE", "drain");
        env.put("QUARKUS_HTTP_PORT", "0");
        // Default receive settings (the concurrency adapts); BENCH_ETL_RECEIVE_CONCURRENCY fixes a maximum.
        String receivers = System.getenv().getOrDefault("BENCH_ETL_RECEIVE_CONCURRENCY", "");
        if (!receivers.isBlank()) {
            env.put("ETL_RECEIVE_CONCURRENCY", receivers);
        }
        if (name.contains(UNSEALED)) {
            env.remove("ETL_SEALING_PUBLIC_KEYSET");
        }
        try {
            Measurement m = Measurement.run(name, command, env, server, infra, events.size(), true);
            verify(name, infra, validCount);
            return m;
        } finally {
            infra.delete();
        }
    }

    /**
     * A fresh JVM-based queue server is several times slower than a warm one: both drainers would
     * mostly measure its JIT. Three passes of up to {@value #WARM_UP_SIZE} events, loaded and
     * drained with the ceiling's own loop, compile its send, receive and delete paths first (after
     * two, the first round's drain still cost the server twice what later ones did).
     */
    private static void warmUp(List<String> events) throws InterruptedException, SQLException {
        for (int pass = 1; pass <= 3; pass++) {
            TestInfra warmUp = loaded(events.subList(0, Math.min(events.size(), WARM_UP_SIZE)));
            try (SqsClient sqs = TestInfra.sqs()) {
                runThreads(CONCURRENCY, t -> CeilingDrain.drain(sqs, warmUp.queueUrl(), new AtomicLong()));
            }
            warmUp.delete();
        }
    }

    private static TestInfra loaded(List<String> events) throws InterruptedException {
        long started = System.nanoTime();
        TestInfra infra = TestInfra.create();
        int loaders = 8;
        runThreads(loaders, t -> infra.send(events.subList(events.size() * t / loaders, events.size() * (t + 1) / loaders)));
        System.out.printf(Locale.ROOT, "loaded %d events in %.1f s%n", events.size(), (System.nanoTime() - started) / 1e9);
        return infra;
    }

    private static void runThreads(int count, IntConsumer body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int index = t;
            Thread thread = new Thread(() -> body.accept(index));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
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
