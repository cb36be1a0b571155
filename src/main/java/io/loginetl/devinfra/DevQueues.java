package io.loginetl.devinfra;

import io.loginetl.config.EtlConfig;
import io.loginetl.ingest.QueueTargets;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dev and test only (the bean does not exist in a production build): when no queue URL is
 * configured, creates {@code login-queue} with a dead-letter queue and a redrive policy, and seeds it
 * once per JVM with {@code dev/sample-events.jsonl} so a first run has real work to do.
 */
@IfBuildProfile(anyOf = {"dev", "test"})
public class DevQueues {

    /** Where the sample lives on the classpath; tests read the same file. */
    public static final String SAMPLE = "dev/sample-events.jsonl";

    private static final Logger LOG = Logger.getLogger(DevQueues.class);
    // A JVM-wide marker: the embedded queue outlives Quarkus restarts (tests, hot reload), the sample must not be sent twice.
    private static final String SEEDED_MARKER = "login-etl.dev.seeded-queue";

    @Produces
    @Singleton
    QueueTargets devQueues(SqsClient sqs, EtlConfig ingest, DevConfig dev) {
        if (ingest.queueUrl().isPresent()) {
            return new QueueTargets(ingest.queueUrl().get(), ingest.deadLetterQueueUrl());
        }
        String deadLetter = sqs.createQueue(b -> b.queueName(dev.queueName() + "-dlq")).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetter).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}";
        String source = sqs.createQueue(b -> b.queueName(dev.queueName())
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        if (dev.seedSample() && !source.equals(System.getProperty(SEEDED_MARKER))) {
            List<String> sample = sampleBodies();
            send(sqs, source, sample);
            int sent = sample.size();
            System.setProperty(SEEDED_MARKER, source);
            LOG.infof("Dev queue %s seeded with %d sample events", dev.queueName(), sent);
        }
        return new QueueTargets(source, ingest.deadLetterQueueUrl().or(() -> Optional.of(deadLetter)));
    }

    /** Sends bodies ten per SendMessageBatch; tests and the benchmark load their queues with it too. */
    public static void send(SqsClient sqs, String queueUrl, List<String> bodies) {
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, bodies.size()); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(bodies.get(j)).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    /** The sample events, one JSON document (or deliberate junk) per line. */
    public static List<String> sampleBodies() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
