package io.loginetl.devinfra;

import org.jboss.logging.Logger;

/**
 * The JVM's embedded ElasticMQ and PostgreSQL, each started on first use and shared by every
 * caller after that: the config factory (dev mode, {@code @QuarkusTest}), test resources and the
 * benchmark. The ports live in system properties because dev-mode hot reloads and test restarts
 * load this class again in new class loaders, where a static field would start a second server.
 * A port property set before first use means "already running there": the benchmark sets
 * {@code login-etl.embedded.sqs-port} to the ElasticMQ it runs in a process of its own.
 */
public final class EmbeddedServers {

    static final String SQS_PORT_PROPERTY = "login-etl.embedded.sqs-port";
    static final String PG_PORT_PROPERTY = "login-etl.embedded.pg-port";

    /** An interned literal is one object in every class loader, unlike a private lock object. */
    private static final String JVM_WIDE_LOCK = "io.loginetl.devinfra.embedded-infra-lock";
    private static final Logger LOG = Logger.getLogger(EmbeddedServers.class);

    private EmbeddedServers() {
    }

    /** Port of the embedded ElasticMQ (SQS API on http://127.0.0.1:PORT, region {@value EmbeddedSqs#REGION}). */
    public static int sqsPort() {
        return startOnce(SQS_PORT_PROPERTY);
    }

    /** Port of the embedded PostgreSQL (database and user {@code postgres}, trust authentication). */
    public static int postgresPort() {
        return startOnce(PG_PORT_PROPERTY);
    }

    public static String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort();
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/postgres";
    }

    static boolean anyStarted() {
        return System.getProperty(SQS_PORT_PROPERTY) != null || System.getProperty(PG_PORT_PROPERTY) != null;
    }

    private static int startOnce(String portProperty) {
        synchronized (JVM_WIDE_LOCK) {
            String recorded = System.getProperty(portProperty);
            if (recorded != null) {
                return Integer.parseInt(recorded);
            }
            long started = System.nanoTime();
            boolean sqs = SQS_PORT_PROPERTY.equals(portProperty);
            int port = sqs ? EmbeddedSqs.start() : EmbeddedPostgresServer.start();
            System.setProperty(portProperty, Integer.toString(port));
            LOG.infof("Started embedded %s on 127.0.0.1:%d in %d ms (etl-dev.embedded-infra=false switches this off in"
                            + " favour of Quarkus Dev Services, which need Docker)",
                    sqs ? "ElasticMQ (SQS)" : "PostgreSQL", port, (System.nanoTime() - started) / 1_000_000);
            return port;
        }
    }
}
