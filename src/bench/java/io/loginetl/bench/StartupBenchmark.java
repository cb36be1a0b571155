package io.loginetl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forms whose start {@link StartupProbe} measures, each launched as its documentation says:
 * the native executable as built, without flags; the JVM with the README's run line; the JVM with
 * a bare {@code java -jar}. Also runnable alone ({@code BENCH_STARTUP_ONLY=1 scripts/benchmark.sh
 * [rounds]}), without the drains, for a quick look at start-up only. {@code BENCH_NATIVE_BASELINE}
 * adds another build, probed in the same rounds.
 */
final class StartupBenchmark {

    static final String NATIVE = "login-etl native";
    static final String JVM = "login-etl JVM";
    static final String JVM_BARE = "login-etl JVM java -jar";

    private StartupBenchmark() {
    }

    /** {@code nativeBaseline}: another build's command, probed in the same rounds (empty: none). */
    static List<StartupProbe> probeAll(String java, Path runner, List<String> nativeBaseline, int rounds) throws Exception {
        Map<String, List<String>> forms = new LinkedHashMap<>();
        if (Files.isExecutable(runner)) {
            forms.put(NATIVE, List.of(runner.toAbsolutePath().toString()));
        }
        if (!nativeBaseline.isEmpty()) {
            forms.put(ThroughputBenchmark.NATIVE_BASELINE, nativeBaseline);
        }
        forms.put(JVM, ThroughputBenchmark.jvmCommand(java, "", ThroughputBenchmark.JAR));
        forms.put(JVM_BARE, List.of(java, "-jar", ThroughputBenchmark.JAR.toAbsolutePath().toString()));
        return StartupProbe.run(forms, rounds);
    }

    /**
     * The idle service's SQS requests, native if built, else the JVM: they depend on the pipeline, not the form.
     * {@code BENCH_IDLE_SECONDS} (default 60; 0 skips) is the measuring period.
     */
    static List<IdleProbe> idle(String java, Path runner) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_IDLE_SECONDS", "60"));
        if (seconds <= 0) {
            return List.of();
        }
        return List.of(Files.isExecutable(runner)
                ? IdleProbe.run(NATIVE, List.of(runner.toAbsolutePath().toString()), Duration.ofSeconds(seconds))
                : IdleProbe.run(JVM, ThroughputBenchmark.jvmCommand(java, "", ThroughputBenchmark.JAR), Duration.ofSeconds(seconds)));
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(Path.of("target/bench"));
        List<StartupProbe> probes;
        List<IdleProbe> idle;
        try (QueueServer server = QueueServer.start(java)) {
            probes = probeAll(java, ThroughputBenchmark.RUNNER, ThroughputBenchmark.nativeBaseline(), rounds);
            idle = idle(java, ThroughputBenchmark.RUNNER);
        }
        long binaryBytes = Files.isExecutable(ThroughputBenchmark.RUNNER) ? Files.size(ThroughputBenchmark.RUNNER) : -1;
        new Report(0, 0, rounds, Map.of(), Map.of(), probes, idle, binaryBytes).print();
    }
}
