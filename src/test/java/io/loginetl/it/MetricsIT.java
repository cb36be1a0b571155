package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import io.loginetl.validation.RejectReason;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application's /q/metrics after it worked through the sample in service mode (so it
 * is still up to be scraped), against the real servers: every counter has the value the sample
 * dictates, computed from the fixture; the histograms have buckets; the queue gauges are sampled; and
 * the "Pipeline stopped:" line printed at SIGTERM carries the same totals. The raw scrape goes to
 * target/metrics-scrape.txt for {@code scripts/check-metrics.sh} (promtool) and the deploy checks.
 */
class MetricsIT {

    private static final Path SCRAPE_FILE = Path.of("target/metrics-scrape.txt");

    @Test
    void countersMatchTheSampleAndTheStopLine() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        int all = SampleEvents.lines().size();
        int valid = SampleEvents.validEvents().size();
        Map<String, Long> rejectedByReason = SampleEvents.BAD_LINE_REASONS.stream()
                .collect(Collectors.groupingBy(code -> RejectReason.ofCode(code).tag(), TreeMap::new, Collectors.counting()));
        int httpPort = TestInfra.freePort();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("ETL_METRICS_QUEUE_DEPTH_INTERVAL", "1s");
        Path log = Path.of("target/it-logs/metrics.log");
        Process app = PackagedApp.start(env, log);
        Scrape scrape;
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Scrape s = Scrape.of(httpPort);
                return s.value("login_etl_messages_deleted_total") == all && s.value("login_etl_messages_in_flight") == 0
                        && s.value("login_etl_queue_messages", "queue", "source", "state", "visible") == 0
                        && s.value("login_etl_queue_messages", "queue", "source", "state", "in_flight") == 0
                        && s.value("login_etl_queue_messages", "queue", "dead_letter", "state", "visible") == rejectedByReason
                        .values().stream().mapToLong(Long::longValue).sum();
            });
            scrape = Scrape.of(httpPort);
            Files.writeString(SCRAPE_FILE, scrape.text());
        } finally {
            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(scrape.value("login_etl_messages_received_total")).isEqualTo(all);
        assertThat(scrape.value("login_etl_messages_stored_total")).isEqualTo(valid);
        assertThat(scrape.value("login_etl_messages_duplicate_total")).isZero();
        assertThat(scrape.value("login_etl_messages_dead_lettered_total")).isEqualTo(all - valid);
        assertThat(scrape.value("login_etl_delete_failures_total")).isZero();
        Map<String, Double> expectedReasons = new TreeMap<>();
        for (RejectReason reason : RejectReason.values()) {
            expectedReasons.put(reason.tag(), rejectedByReason.getOrDefault(reason.tag(), 0L).doubleValue());
        }
        assertThat(new TreeMap<>(scrape.byLabel("login_etl_messages_rejected_total", "reason"))).isEqualTo(expectedReasons);
        assertThat(scrape.byLabel("login_etl_retries_total", "dependency").keySet()).containsExactlyInAnyOrder("sqs", "database");
        assertThat(scrape.value("login_etl_ready")).isEqualTo(1);
        assertThat(scrape.value("login_etl_receivers_polling")).as("adaptive level, floor 2, default maximum 64").isBetween(2.0, 64.0);

        assertThat(scrape.value("login_etl_batch_rows_sum")).as("rows over all batches").isEqualTo(valid);
        double batches = scrape.value("login_etl_batch_rows_count");
        assertThat(batches).isPositive();
        assertThat(scrape.value("login_etl_batch_commit_seconds_count")).isEqualTo(batches);
        assertThat(scrape.value("login_etl_batch_commit_seconds_bucket", "le", "+Inf")).isEqualTo(batches);
        assertThat(scrape.value("login_etl_batch_rows_bucket", "le", "2000.0")).isEqualTo(batches);
        // Sent moments before: every message's age at commit is far below an hour, and above zero.
        assertThat(scrape.value("login_etl_message_age_at_commit_seconds_count")).isEqualTo(all);
        assertThat(scrape.value("login_etl_message_age_at_commit_seconds_bucket", "le", "3600.0")).isEqualTo(all);
        assertThat(scrape.value("login_etl_message_age_at_commit_seconds_sum")).isPositive();
        assertThat(scrape.samples()).anyMatch(s -> s.name().startsWith("jvm_"));

        Map<String, Long> stopLine = AppLog.counters(log, "Pipeline stopped: ");
        assertThat(stopLine).as(Files.readString(log)).containsEntry("received", (long) all).containsEntry("stored", (long) valid)
                .containsEntry("duplicates", 0L).containsEntry("dead-lettered", (long) (all - valid)).containsEntry("deleted", (long) all)
                .containsEntry("delete-failures", 0L).containsEntry("batches", (long) batches)
                .containsEntry("retries-sqs", (long) scrape.value("login_etl_retries_total", "dependency", "sqs"))
                .containsEntry("retries-database", (long) scrape.value("login_etl_retries_total", "dependency", "database"));
        rejectedByReason.forEach((reason, n) -> assertThat(stopLine).containsEntry("rejected-" + reason.replace('_', '-'), n));
    }
}
