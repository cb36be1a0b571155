package io.loginetl.ingest;

import io.loginetl.config.EtlConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Production source of {@link QueueTargets}: the configured URLs, never created by us (queues,
 * their redrive policy and permissions belong to the infrastructure code). The dev/test profiles
 * replace this bean with {@code DevQueues}.
 */
public class QueueTargetsProducer {

    @Produces
    @Singleton
    @DefaultBean
    QueueTargets configured(EtlConfig config) {
        String source = config.queueUrl().orElseThrow(() -> new IllegalStateException(
                "ETL_QUEUE_URL (etl.queue-url) is not set: give the URL of the SQS queue to drain"));
        return new QueueTargets(source, config.deadLetterQueueUrl());
    }
}
