package io.loginetl.bench;

import io.loginetl.devinfra.EmbeddedServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ElasticMQ in a JVM of its own, so the benchmark's loading and polling stay out of its heap, JIT
 * and collector, and its CPU can be read from /proc. Inside the benchmark's JVM, keeping every
 * queue of the run, the ceiling slowed by a fifth over three rounds; the caller now deletes each
 * drain's queues. (Restarting it for every drain was tried: a cold ElasticMQ is two to three times
 * slower, and both drainers then mostly measured its JIT.)
 */
final class QueueServer implements AutoCloseable {

    /** G1 on a capped heap: a million queued messages fit, nothing grows without bound. */
    private static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx4g");
    private static final long START_TIMEOUT_NANOS = 60_000_000_000L;
    /**
     * {@link EmbeddedServers} takes a port already in this property for a server it need not start
     * (see its Javadoc); {@link #start} checks that it still does.
     */
    private static final String EMBEDDED_SQS_PORT_PROPERTY = "login-etl.embedded.sqs-port";

    private final Process process;

    private QueueServer(Process process) {
        this.process = process;
    }

    /** Starts a fresh server and points {@link EmbeddedServers} (and so every TestInfra call) at it. */
    static QueueServer start(String java) throws Exception {
        Path portFile = Path.of("target/bench/elasticmq.port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), QueueServer.class.getName(), portFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/bench/elasticmq.log").toFile()).start();
        long started = System.nanoTime();
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() - started > START_TIMEOUT_NANOS) {
                process.destroyForcibly();
                throw new IllegalStateException("ElasticMQ did not start, see target/bench/elasticmq.log");
            }
            Thread.sleep(20);
        }
        int port = Integer.parseInt(Files.readString(portFile).strip());
        System.setProperty(EMBEDDED_SQS_PORT_PROPERTY, Integer.toString(port));
        if (EmbeddedServers.sqsPort() != port) {
            process.destroyForcibly();
            throw new IllegalStateException("EmbeddedServers no longer reads " + EMBEDDED_SQS_PORT_PROPERTY
                    + ": it started an ElasticMQ of its own instead of using the one on port " + port);
        }
        return new QueueServer(process);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The child: start ElasticMQ, publish its port (written whole, then renamed), run until killed. */
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        Path portFile = Path.of(args[0]);
        Path partial = Path.of(args[0] + ".tmp");
        Files.writeString(partial, Integer.toString(EmbeddedServers.sqsPort()));
        Files.move(partial, portFile);
        Thread.currentThread().join(); // SIGTERM runs ElasticMQ's shutdown hook
    }
}
