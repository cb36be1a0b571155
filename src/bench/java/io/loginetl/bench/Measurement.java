package io.loginetl.bench;

import io.loginetl.testsupport.TestInfra;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one drainer process to its end and samples it every 100 ms: queue depth (messages leave
 * the queue only when deleted, i.e. after commit), CPU and peak RSS from /proc. Steady state is
 * the window between 10 % and 90 % of the messages drained, so JVM start-up and the tail do not
 * blur the rate and the CPU cost per message. Within that CPU, the JIT compiler threads' share is
 * kept apart (see {@link ProcStats}). The queue server's and PostgreSQL's CPU over the same
 * window say how the two cores were shared: all three compete for them.
 */
record Measurement(String name, double messagesPerSecond, double cpuMillisPerMessage, double jitMillisPerMessage,
                   long totalCpuMillis, long peakRssKb, long firstRowMillis, long totalMillis,
                   double serverCpuMillisPerMessage, double databaseCpuMillisPerMessage,
                   double contextSwitchesPerMessage) {

    private static final long SAMPLE_MILLIS = 100;

    /** CPU per message without the JIT compiler threads: what the drainer costs once warmed up. */
    double warmCpuMillisPerMessage() {
        return cpuMillisPerMessage - jitMillisPerMessage;
    }

    static Measurement run(String name, List<String> command, Map<String, String> env, QueueServer server,
                           TestInfra infra, int n, boolean watchRows) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench", name.replace(' ', '-') + ".log").toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        long firstRow = -1, t1 = 0, t2 = 0, done1 = 0, done2 = 0;
        ProcStats at1 = null, at2 = null, server1 = null, server2 = null;
        long db1 = 0, db2 = 0;
        long peakRssKb = 0, totalCpu = 0;
        try (SqsClient sqs = TestInfra.sqs()) {
            while (process.isAlive()) {
                ProcStats stats = ProcStats.of(process.pid());
                ProcStats serverStats = ProcStats.of(server.pid());
                long now = System.nanoTime();
                long done = n - infra.queued(sqs);
                if (stats != null && serverStats != null) {
                    // A process that is exiting (a zombie) has no memory lines left: keep the maxima.
                    peakRssKb = Math.max(peakRssKb, stats.peakRssKb());
                    totalCpu = Math.max(totalCpu, stats.cpuMillis());
                    if (at1 == null && done >= n / 10) {
                        t1 = now; at1 = stats; done1 = done; server1 = serverStats; db1 = ProcStats.postgresCpuMillis();
                    }
                    if (at2 == null && done >= n * 9L / 10) {
                        t2 = now; at2 = stats; done2 = done; server2 = serverStats; db2 = ProcStats.postgresCpuMillis();
                    }
                }
                if (watchRows && firstRow < 0 && ThroughputBenchmark.anyRow(infra)) {
                    firstRow = (System.nanoTime() - start) / 1_000_000;
                }
                Thread.sleep(SAMPLE_MILLIS);
            }
        }
        long total = (System.nanoTime() - start) / 1_000_000;
        if (process.exitValue() != 0 || at2 == null || done2 <= done1) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue()
                    + "), see target/bench/" + name.replace(' ', '-') + ".log");
        }
        double seconds = (t2 - t1) / 1e9, messages = done2 - done1;
        return new Measurement(name, messages / seconds, (at2.cpuMillis() - at1.cpuMillis()) / messages,
                (at2.jitMillis() - at1.jitMillis()) / messages, totalCpu, peakRssKb, firstRow, total,
                (server2.cpuMillis() - server1.cpuMillis()) / messages, (db2 - db1) / messages,
                (at2.contextSwitches() - at1.contextSwitches()) / messages);
    }
}
