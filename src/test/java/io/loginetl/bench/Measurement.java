package io.loginetl.bench;

import io.loginetl.it.TestInfra;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one drainer process to its end and samples it every 100 ms: queue depth (messages leave
 * the queue only when deleted, i.e. after commit), CPU and peak RSS from /proc. Steady state is
 * the window between 10 % and 90 % of the messages drained, so JVM start-up and the tail do not
 * blur the rate and the CPU cost per message.
 */
record Measurement(String name, double messagesPerSecond, double cpuMillisPerMessage, long totalCpuMillis,
                   long peakRssKb, long firstRowMillis, long totalMillis) {

    private static final long SAMPLE_MILLIS = 100;

    static Measurement run(String name, List<String> command, Map<String, String> env, TestInfra infra, int n,
                           boolean watchRows) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench", name.replace(' ', '-') + ".log").toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        long firstRow = -1, t1 = 0, t2 = 0, cpu1 = 0, cpu2 = 0, done1 = 0, done2 = 0;
        ProcStats last = new ProcStats(0, 0);
        try (SqsClient sqs = TestInfra.sqs()) {
            while (process.isAlive()) {
                ProcStats stats = ProcStats.of(process.pid());
                long now = System.nanoTime();
                long done = n - infra.queued(sqs);
                if (stats != null) {
                    // A process that is exiting (a zombie) has no memory lines left: keep the maxima.
                    last = new ProcStats(Math.max(last.cpuMillis(), stats.cpuMillis()),
                            Math.max(last.peakRssKb(), stats.peakRssKb()));
                    if (t1 == 0 && done >= n / 10) {
                        t1 = now; cpu1 = stats.cpuMillis(); done1 = done;
                    }
                    if (t2 == 0 && done >= n * 9L / 10) {
                        t2 = now; cpu2 = stats.cpuMillis(); done2 = done;
                    }
                }
                if (watchRows && firstRow < 0 && ThroughputBenchmark.anyRow(infra)) {
                    firstRow = (System.nanoTime() - start) / 1_000_000;
                }
                Thread.sleep(SAMPLE_MILLIS);
            }
        }
        long total = (System.nanoTime() - start) / 1_000_000;
        if (process.exitValue() != 0 || t2 == 0 || done2 <= done1) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue()
                    + "), see target/bench/" + name.replace(' ', '-') + ".log");
        }
        double seconds = (t2 - t1) / 1e9;
        return new Measurement(name, (done2 - done1) / seconds, (cpu2 - cpu1) / (double) (done2 - done1),
                last.cpuMillis(), last.peakRssKb(), firstRow, total);
    }
}
