package io.loginetl.testsupport;

import io.loginetl.devinfra.DevQueues;
import io.loginetl.devinfra.EmbeddedServers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real servers for tests that run the packaged application as a separate process: the JVM's
 * embedded ElasticMQ and PostgreSQL, a fresh queue pair and a fresh database per use, and the
 * environment an operator would give the process.
 */
public record TestInfra(String queueUrl, String deadLetterUrl, String database) {

    public static final String REGION = "us-east-1";
    /** The published dev/test sealing pair (application.properties names the same files for %dev and %test). */
    public static final Path DEV_PUBLIC_KEYSET = Path.of("deploy/dev-keys/dev-only-public-keyset.json");
    public static final Path DEV_PRIVATE_KEYSET = Path.of("deploy/dev-keys/dev-only-private-keyset.json");

    /** New queue pair and database, so each run starts from nothing. */
    public static TestInfra create() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (SqsClient sqs = sqs()) {
            String dlq = sqs.createQueue(b -> b.queueName("it-" + id + "-dlq")).queueUrl();
            String source = sqs.createQueue(b -> b.queueName("it-" + id)).queueUrl();
            String database = "it_" + id;
            try (Connection c = admin()) {
                c.createStatement().execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the test database", e);
            }
            return new TestInfra(source, dlq, database);
        }
    }

    /**
     * Deletes the queue pair and drops the database, then checkpoints: whatever runs next (the
     * benchmark's next drain) meets neither autovacuum working through these rows nor a checkpoint
     * writing them out, and a long-lived queue server does not accumulate queues.
     */
    public void delete() throws SQLException {
        try (SqsClient sqs = sqs()) {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
            sqs.deleteQueue(b -> b.queueUrl(deadLetterUrl));
        }
        try (Connection c = admin()) {
            c.createStatement().execute("DROP DATABASE " + database + " WITH (FORCE)");
            c.createStatement().execute("CHECKPOINT");
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(EmbeddedServers.jdbcUrl(), "postgres", "postgres");
    }

    public static SqsClient sqs() {
        return sqs(EmbeddedServers.sqsEndpoint());
    }

    /** A default SDK v2 client (url-connection, static credentials) for any SQS endpoint. */
    public static SqsClient sqs(String endpoint) {
        return sqs(endpoint, UrlConnectionHttpClient.create());
    }

    public static SqsClient sqs(String endpoint, SdkHttpClient httpClient) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .httpClient(httpClient)
                .build();
    }

    public String jdbcUrl() {
        return EmbeddedServers.jdbcUrl().replace("/postgres", "/" + database);
    }

    public Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    /** Runs the statements in order, on one connection. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The exercise's table as users may already have it, before login-etl ever ran. */
    public void createExerciseTable(String localeType) throws SQLException {
        execute("CREATE TABLE user_logins (user_id varchar(128), device_type varchar(32), masked_ip varchar(256),"
                + " masked_device_id varchar(256), locale " + localeType + ", app_version integer, create_date date)");
    }

    /** The first column of every row {@code sql} returns, as text. */
    public List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    public void send(List<String> bodies) {
        try (SqsClient sqs = sqs()) {
            DevQueues.send(sqs, queueUrl, bodies);
        }
    }

    /** Messages still in the source queue, visible or in flight. */
    public long queued() {
        try (SqsClient sqs = sqs()) {
            return queued(sqs);
        }
    }

    /** As {@link #queued()}, on a client the caller keeps (for polling loops). */
    public long queued(SqsClient sqs) {
        return queued(sqs, queueUrl);
    }

    /** Visible plus in-flight messages of any queue. */
    public static long queued(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().values().stream().mapToLong(Long::parseLong).sum();
    }

    /** A port nothing listens on right now, for a process that must be told its HTTP port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration as Quarkus property names, for test resources. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("etl.queue-url", queueUrl);
        p.put("etl.dead-letter-queue-url", deadLetterUrl);
        p.put("etl.masking.key", SampleEvents.DEV_KEY);
        p.put("etl.sealing.public-keyset", DEV_PUBLIC_KEYSET.toAbsolutePath().toString());
        p.put("quarkus.sqs.endpoint-override", EmbeddedServers.sqsEndpoint());
        p.put("quarkus.sqs.aws.region", REGION);
        p.put("quarkus.sqs.aws.credentials.type", "static");
        p.put("quarkus.sqs.aws.credentials.static-provider.access-key-id", "it");
        p.put("quarkus.sqs.aws.credentials.static-provider.secret-access-key", "it");
        p.put("quarkus.datasource.jdbc.url", jdbcUrl());
        p.put("quarkus.datasource.username", "postgres");
        p.put("quarkus.datasource.password", "postgres");
        return p;
    }

    /** The same configuration as the environment variables an operator sets. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        properties().forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        return env;
    }
}
