package io.loginetl.config;

import io.loginetl.pipeline.RunMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code etl.*} option, one group per concern. Each group is a small interface of its own so
 * that a class takes only the group it needs and a plain unit test can hand it a record.
 * Environment names follow from the paths ({@code etl.receive.wait-time} is
 * {@code ETL_RECEIVE_WAIT_TIME}, {@code etl.masking.key} is {@code ETL_MASKING_KEY}). Dev-only
 * settings live under {@code etl-dev.*} ({@code DevConfig}), off this production prefix.
 */
@ConfigMapping(prefix = "etl")
public interface EtlConfig {

    /** {@code ETL_MODE}: {@code service} (default), {@code drain} or {@code migrate}. */
    @WithDefault("service")
    RunMode mode();

    /**
     * {@code ETL_QUEUE_URL}: the source queue. Required outside dev/test; there a local queue is
     * created and seeded when this is unset.
     */
    Optional<String> queueUrl();

    /**
     * {@code ETL_DEAD_LETTER_QUEUE_URL}: where rejected bodies are moved. Unset: rejected messages
     * stay in the source queue for its own redrive policy.
     */
    Optional<String> deadLetterQueueUrl();

    /**
     * {@code ETL_MAX_IN_FLIGHT}: messages received but not yet settled. Default {@code 4000}: four
     * full write batches, so receivers never wait on a healthy database, while memory stays bounded
     * however deep the backlog is (receivers stop polling when the writer falls behind).
     */
    @WithDefault("4000")
    int maxInFlight();

    Receive receive();

    Write write();

    Retry retry();

    Validation validation();

    Masking masking();

    Sealing sealing();

    Drain drain();

    Shutdown shutdown();

    Health health();

    Progress progress();

    Metrics metrics();

    Startup startup();

    Log log();

    /** {@code etl.receive.*}: how messages are received and held. */
    interface Receive {

        /**
         * Most long-poll receivers at once. How many of them poll adapts to the queue (see
         * {@code pipeline/ReceiveConcurrency}): two while it is quiet, more while receives come back
         * full. Default {@code 64}: enough round trips in flight to keep up at a 50 ms round trip; the
         * SQS connection pool follows it ({@code config/SqsConnectionPool}).
         */
        @WithDefault("64")
        int concurrency();

        /** Long-poll wait of one receive. Default {@code 20s}, the SQS maximum (fewest empty receives). */
        @WithDefault("20s")
        Duration waitTime();

        /**
         * How long a received message stays hidden from other consumers. Default {@code 60s}: far
         * longer than a batch takes, short enough that a crashed consumer's messages return soon.
         * A message still unsettled after half of it gets it extended (see {@link #maxHoldTime()}).
         */
        @WithDefault("60s")
        Duration visibilityTimeout();

        /**
         * Longest a message is kept hidden by extending its visibility while it waits (a database
         * outage, say); after that it is let go and returns to the queue. Default {@code 1h}: rides
         * out a long outage, far below SQS's 12 h limit on a message's total visibility.
         */
        @WithDefault("1h")
        Duration maxHoldTime();

        /** Messages per receive, 1–10. Default {@code 10}, the SQS maximum. */
        @WithDefault("10")
        int maxMessages();
    }

    /** {@code etl.write.*}: how received messages are grouped into database transactions. */
    interface Write {

        /**
         * Rows per transaction. Default {@code 1000}: one round trip and one commit (one WAL flush)
         * per up to 1000 rows instead of per message, while a batch stays far below the visibility
         * timeout. Every batch also ends in a part-filled DeleteMessageBatch and, with rejects, a
         * dead-letter send: larger batches spread those calls over more messages.
         */
        @WithDefault("1000")
        int batchSize();

        /**
         * How long a partly filled batch may wait for more messages. Default {@code 100ms}:
         * invisible next to SQS latency, and long enough for concurrent receivers to fill batches
         * of several hundred rows under load (README, "Measured").
         */
        @WithDefault("100ms")
        Duration linger();

        /**
         * Drain mode: how long the database may refuse writes for a reason retrying cannot fix (a
         * missing table, a revoked grant, a read-only server) before the run ends with exit 1,
         * deleting nothing. Default {@code 1m}: time for a concurrent migration or a failover to
         * finish, while a broken Job still fails within two minutes. A service never gives up.
         */
        @WithDefault("1m")
        Duration permanentFailureTimeout();
    }

    /**
     * {@code etl.retry.*}: backoff for transient outages of the queue or the database. Every outage
     * is retried until it ends or the pipeline stops: giving up would only leave the messages to
     * reappear after their visibility timeout anyway.
     */
    interface Retry {

        /** First pause after a failure. Default {@code 200ms}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Upper bound of the doubling pause, so recovery is noticed quickly. Default {@code 10s}. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    /** {@code etl.validation.*}: limits that bound the work spent on one message before it is known to be valid. */
    interface Validation {

        /** Largest accepted body, in UTF-8 bytes. Default 65536. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Deepest accepted nesting of objects/arrays; the top-level object counts as 1. Default 16. */
        @WithDefault("16")
        int maxDepth();
    }

    /** {@code etl.masking.*}: secret material for PII masking. */
    interface Masking {

        /**
         * {@code ETL_MASKING_KEY}: HMAC key, at least 32 UTF-8 bytes; no default outside dev/test.
         * Optional here only so that {@code Masker} fails with a message naming the variable instead
         * of SmallRye's generic "missing property" error.
         */
        Optional<String> key();

        /**
         * {@code ETL_MASKING_PREVIOUS_KEYS}: earlier masking keys still valid for look-ups, comma-separated
         * (a comma inside a key is written {@code \,}), each at least 32 UTF-8 bytes like the current key.
         * Rows masked under one of them are found by {@code lookup} and re-masked by {@code rekey}; drop
         * a key once {@code rekey} has run. Unset: only the current key.
         */
        Optional<List<String>> previousKeys();
    }

    /**
     * {@code etl.sealing.*}: the sealed originals of ip and device id (docs/pii-recovery.md). Paths, not
     * key material, so the keysets come from mounted secret files and never appear in the environment.
     */
    interface Sealing {

        /**
         * {@code ETL_SEALING_PUBLIC_KEYSET}: path of the public (encrypt-only) Tink JSON keyset the
         * pipeline seals with. Unset: nothing is sealed, and start-up says once that originals are not
         * recoverable.
         */
        Optional<String> publicKeyset();

        /**
         * {@code ETL_SEALING_PRIVATE_KEYSET}: path of the private Tink JSON keyset, read only by the
         * recovering commands ({@code reveal}, {@code rekey}); the pipeline never opens it.
         */
        Optional<String> privateKeyset();

        /**
         * {@code ETL_SEALING_PRIVATE_KEYSET_KMS_KEY}: the AWS KMS key that encrypts the private keyset
         * at rest, as a Tink key URI ({@code aws-kms://arn:aws:kms:…:key/…}, tinkey's
         * {@code --master-key-uri}). Set: the recovering commands decrypt the keyset through KMS (the
         * client is configured by {@code quarkus.kms.*}), and {@code keygen} writes it encrypted.
         */
        Optional<String> privateKeysetKmsKey();
    }

    /** {@code etl.drain.*}: drain mode (a Job that ends when the queue is empty). */
    interface Drain {

        /**
         * Long-poll wait in drain mode. Default {@code 1s}: still a long poll (it asks every SQS
         * server), but an empty queue ends the run after one second instead of twenty.
         */
        @WithDefault("1s")
        Duration waitTime();
    }

    /** {@code etl.shutdown.*}: what a stop (SIGTERM) may take. */
    interface Shutdown {

        /**
         * How long a stop may take to finish the batches in flight after receivers return. Default
         * {@code 25s}; keep the pod's termination grace period above receive wait time + this.
         */
        @WithDefault("25s")
        Duration timeout();
    }

    /** {@code etl.health.*}: what the health checks call stuck. */
    interface Health {

        /**
         * Liveness turns DOWN when the pipeline holds messages and no stage (receive, write,
         * delete) has made progress for this long. Default {@code 5m}: far above one batch plus its
         * retries' backoff, so an outage being retried is not mistaken for a hang.
         */
        @WithDefault("5m")
        Duration stallTimeout();
    }

    /** {@code etl.progress.*}: the periodic progress line. */
    interface Progress {

        /** How often a line with the running counts is logged (only when they changed). Default {@code 60s}. */
        @WithDefault("60s")
        Duration interval();
    }

    /** {@code etl.metrics.*}: what the Prometheus endpoint ({@code /q/metrics}) samples. */
    interface Metrics {

        /**
         * How often the queues' approximate depths are read for {@code login_etl_queue_messages}.
         * Default {@code 30s}: one GetQueueAttributes per queue per interval is negligible, and the
         * counts are approximate (eventually consistent), so sampling finer tells little more. Never
         * sampled per receive.
         */
        @WithDefault("30s")
        Duration queueDepthInterval();
    }

    /** {@code etl.startup.*}: what happens before the pipeline starts (startup/StartupSequence). */
    interface Startup {

        /**
         * How long an unreachable database is waited for at start (bounded backoff, readiness DOWN,
         * one line per back-off cycle) before the process exits 1. Default {@code 2m}: a database
         * restarting or failing over comes back well within it, a wrong host still fails the pod
         * soon enough for Kubernetes to show it.
         */
        @WithDefault("2m")
        Duration databaseTimeout();

        /**
         * Whether start-up applies the migrations. Set by {@code QUARKUS_FLYWAY_MIGRATE_AT_START}
         * (default {@code true}); {@code config/MigrateAtStartSwitch} moves that setting here and turns
         * Quarkus' own migrate-at-start off, so migrations run only after the database wait.
         */
        @WithDefault("true")
        boolean migrate();
    }

    /** {@code etl.log.*}: the console log's format. */
    interface Log {

        /**
         * {@code ETL_LOG_JSON}: one JSON object per line (quarkus-logging-json) for log collectors.
         * Default {@code false}: plain lines for people. {@code application.properties} hands it to
         * {@code quarkus.log.console.json.enabled}; this entry documents it and keeps it in the root.
         */
        @WithDefault("false")
        boolean json();
    }
}
