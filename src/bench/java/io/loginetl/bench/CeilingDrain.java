package io.loginetl.bench;

import io.loginetl.testsupport.TestInfra;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue ceiling: the AWS SDK v2 client and login-etl's concurrency, doing only receive 10 +
 * DeleteMessageBatch, no validation, no database. Run as its own process so its CPU can be
 * compared with login-etl's. Args: endpoint, queue URL, threads, HTTP client ({@code url-connection},
 * the SDK's default and the ceiling, or {@code apache}, the one login-etl ships with).
 */
public final class CeilingDrain {

    static final String URL_CONNECTION = "url-connection";
    static final String APACHE = "apache";

    private CeilingDrain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Log at INFO like login-etl. Unconfigured, JBoss LogManager lets DEBUG through, and the SDK
        // then builds its debug lines (a canonical request per signature): about a fifth of the
        // ceiling's CPU that login-etl never spends. Needs -Djava.util.logging.manager (see caller).
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        String endpoint = args[0];
        String queueUrl = args[1];
        int threads = Integer.parseInt(args[2]);
        SdkHttpClient httpClient = switch (args[3]) {
            case URL_CONNECTION -> UrlConnectionHttpClient.create();
            case APACHE -> ApacheHttpClient.builder().maxConnections(threads + 4).build(); // the SDK's 50 would queue more threads
            default -> throw new IllegalArgumentException("unknown HTTP client " + args[3]);
        };
        AtomicLong drained = new AtomicLong();
        try (SqsClient sqs = TestInfra.sqs(endpoint, httpClient)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> drain(sqs, queueUrl, drained), "ceiling-" + t);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        System.out.println("ceiling: drained=" + drained.get());
    }

    static void drain(SqsClient sqs, String queueUrl, AtomicLong drained) {
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (messages.isEmpty()) {
                String visible = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                        .get("ApproximateNumberOfMessages");
                if ("0".equals(visible)) {
                    return;
                }
                continue;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            drained.addAndGet(messages.size());
        }
    }
}
