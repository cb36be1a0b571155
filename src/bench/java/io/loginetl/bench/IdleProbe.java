package io.loginetl.bench;

import io.loginetl.it.FaultyHttpProxy;
import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.testsupport.TestInfra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an idle service costs on the SQS bill: the service, with default settings, on an empty queue
 * behind a counting proxy (no added delay). After it is ready and its first long polls have ended,
 * every request over the measuring period is counted, by action, and given per minute.
 * The receivers fall to their floor on empty receives, each a 20 s long poll, and the queue-depth
 * sampler asks both queues' attributes at its interval: that is what the count should show.
 */
record IdleProbe(String name, double seconds, Map<String, Long> requestsByAction) {

    /** Longer than one long poll (20 s), so the polls started before ready have ended and counted. */
    private static final Duration SETTLE = Duration.ofSeconds(25);

    static IdleProbe run(String name, List<String> command, Duration period) throws Exception {
        TestInfra infra = TestInfra.create();
        try (FaultyHttpProxy proxy = FaultyHttpProxy.delaying(EmbeddedServers.sqsPort(), Duration.ZERO)) {
            Map<String, String> env = new HashMap<>(proxy.route(infra.environment(), EmbeddedServers.sqsPort()));
            env.put("ETL_MODE", "service");
            env.put("QUARKUS_HTTP_PORT", "0");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target/bench", name.replace(' ', '-') + "-idle.log").toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try {
                Thread.sleep(SETTLE.toMillis());
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " idle service exited with " + process.exitValue());
                }
                Map<String, Long> before = proxy.requestsByAction();
                long started = System.nanoTime();
                Thread.sleep(period.toMillis());
                Map<String, Long> after = proxy.requestsByAction();
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Long> during = new TreeMap<>();
                after.forEach((action, n) -> {
                    long delta = n - before.getOrDefault(action, 0L);
                    if (delta > 0) {
                        during.put(action.replace("AmazonSQS.", ""), delta);
                    }
                });
                return new IdleProbe(name, seconds, during);
            } finally {
                process.destroy(); // SIGTERM: the graceful path
                process.waitFor();
            }
        } finally {
            infra.delete();
        }
    }

    double perMinute() {
        return requestsByAction.values().stream().mapToLong(Long::longValue).sum() * 60 / seconds;
    }

    Map<String, Double> perMinuteByAction() {
        Map<String, Double> rates = new TreeMap<>();
        requestsByAction.forEach((action, n) -> rates.put(action, Math.round(n * 600 / seconds) / 10.0));
        return rates;
    }
}
