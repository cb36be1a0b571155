package io.loginetl.bench;

import io.loginetl.testsupport.TestInfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Service mode on an empty queue: time from exec until /q/health/ready answers 200 (database and
 * queue reachable, Flyway done), then the resident memory after five idle seconds.
 */
record StartupProbe(String name, long readyMillis, long idleRssKb) {

    static StartupProbe run(String name, List<String> command) throws Exception {
        TestInfra infra = TestInfra.create();
        int port = TestInfra.freePort();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench", name.replace(' ', '-') + "-startup.log").toFile());
        builder.environment().putAll(env);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            long readyMillis = -1;
            while (readyMillis < 0 && process.isAlive() && System.nanoTime() - start < 60_000_000_000L) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readyMillis = (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (IOException notListeningYet) {
                    Thread.sleep(5);
                }
            }
            if (readyMillis < 0) {
                throw new IllegalStateException(name + " never became ready");
            }
            Thread.sleep(5_000);
            ProcStats idle = ProcStats.of(process.pid());
            return new StartupProbe(name, readyMillis, idle == null ? -1 : idle.peakRssKb());
        } finally {
            process.destroy(); // SIGTERM: the graceful path
            process.waitFor();
        }
    }

}
