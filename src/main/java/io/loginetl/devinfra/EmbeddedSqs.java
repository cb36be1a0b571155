package io.loginetl.devinfra;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Starts an in-process ElasticMQ, an SQS-compatible server, on a free loopback port.
 * <p>
 * Kept apart from {@link EmbeddedInfraConfigSourceFactory} so that ElasticMQ (Scala, Pekko) is only linked when the
 * factory has decided to start it: the dependency is {@code provided}, absent from the prod class path and the native
 * image, and a class that merely mentions it must never be loaded there.
 */
final class EmbeddedSqs {

    /** The region the embedded queues claim in their ARNs; the SQS client is configured with the same. */
    static final String REGION = "us-east-1";

    private EmbeddedSqs() {
    }

    /**
     * Starts ElasticMQ and returns its port; a JVM shutdown hook stops it.
     * <p>
     * Why {@code withDynamicPort()}: the OS picks the port while binding, so there is no window in which another
     * process can take a port we probed as free. ElasticMQ then derives the queue URLs it hands out from the bound
     * address, so {@code CreateQueue} answers {@code http://127.0.0.1:PORT/000000000000/NAME}, which is reachable.
     * Limits stay "strict" (the default) so oversized or malformed messages fail here as they would on AWS.
     * <p>
     * Why our own actor system: the one ElasticMQ creates has non-daemon threads, so a JVM whose main method returned
     * would never exit (seen with a plain {@code java} launcher). With {@code pekko.daemonic} the shutdown is ours.
     */
    static int start() {
        ClassLoader pekkoLoader = ActorSystem.class.getClassLoader();
        ActorSystem actors = null;
        SQSRestServer server;
        int port;
        try {
            Config config = ConfigFactory.parseString("pekko.daemonic = on")
                    .withFallback(ConfigFactory.load(pekkoLoader));
            actors = ActorSystem.create("login-etl-elasticmq", config, pekkoLoader);
            server = SQSRestServerBuilder
                    .withActorSystem(actors)
                    .withInterface("127.0.0.1") // loopback only: a dev queue must not be reachable from the network
                    .withDynamicPort()
                    .withAWSRegion(REGION)
                    .start();
            port = ((InetSocketAddress) server.waitUntilStarted().localAddress()).getPort();
        } catch (RuntimeException | LinkageError e) {
            if (actors != null) {
                actors.terminate();
            }
            throw new IllegalStateException("Could not start the embedded ElasticMQ (SQS) server: " + e
                    + ". Set etl-dev.embedded-infra=false to use Quarkus Dev Services (needs Docker),"
                    + " or point quarkus.sqs.endpoint-override (QUARKUS_SQS_ENDPOINT_OVERRIDE) at an SQS endpoint.", e);
        }
        SQSRestServer started = server;
        ActorSystem startedActors = actors;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, startedActors),
                "login-etl-embedded-sqs-stop"));
        return port;
    }

    private static void stop(SQSRestServer server, ActorSystem actors) {
        try {
            server.stopAndWait(); // unbinds; a provided actor system is left running by ElasticMQ
            actors.terminate();
            actors.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The JVM is going away anyway; daemon threads cannot keep it alive.
        }
    }
}
