package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.ingest.DeadLetter;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application (jar, or the native executable under -Dnative) run as a Kubernetes Job
 * would run it: drain mode, configured by environment variables only, against a real ElasticMQ and
 * a real PostgreSQL. Checks the exit code, every row, the dead-letter queue and the log.
 */
class DrainEndToEndIT {

    @Test
    void drainsTheSampleExactlyOnceAndExitsZero() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        Map<String, String> env = drainEnvironment(infra);

        PackagedApp.Result first = PackagedApp.run(env, 120);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("drained: stored=101 duplicates=0 rejected=3")
                .contains("dead-lettered=3 failed-processing=0 abandoned=0 deleted=104").contains("settle-errors=0");
        for (String pii : SampleEvents.rawPii()) {
            assertThat(first.output()).doesNotContain(pii);
        }
        assertRowsMatchTheSample(infra);
        assertDeadLetterQueueHoldsTheBadLines(infra);

        PackagedApp.Result second = PackagedApp.run(env, 120);
        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).contains("drained: stored=0 duplicates=0 rejected=0");
    }

    @Test
    void adoptsAnExistingTableKeepingItsRows() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.createExerciseTable("varchar(32)");
        infra.execute("INSERT INTO user_logins VALUES ('legacy-user', 'ios', 'm-ip', 'm-dev', 'FR', 230, '2020-01-01')");
        infra.send(SampleEvents.lines().subList(0, 5));

        PackagedApp.Result result = PackagedApp.run(drainEnvironment(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        // CREATE TABLE IF NOT EXISTS on the adopted table makes PostgreSQL send a harmless notice: no WARN for it
        assertThat(result.output()).doesNotContain("42P07").doesNotContain("already exists");
        assertThat(counts(infra, "SELECT count(*) FILTER (WHERE message_id IS NULL AND user_id = 'legacy-user'), count(*)"
                + " FROM user_logins")).containsExactly(1L, 6L);
    }

    /**
     * One bad row never fails its batch: a pre-existing table that forbids null locales refuses two
     * of ten rows; those two are rejected with the SQL state, the other eight are stored.
     */
    @Test
    void aRowTheDatabaseRefusesIsRejectedAloneNotItsBatch() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.createExerciseTable("varchar(32) NOT NULL");
        List<String> tenEvents = SampleEvents.lines().subList(0, 10);
        long nullLocales = tenEvents.stream().filter(l -> l.contains("\"locale\":null")).count();
        assertThat(nullLocales).isEqualTo(2);
        infra.send(tenEvents);

        PackagedApp.Result result = PackagedApp.run(drainEnvironment(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("drained: stored=8 duplicates=0 rejected=2");
        assertThat(counts(infra, "SELECT (SELECT count(*) FROM user_logins),"
                + " (SELECT count(*) FROM etl_rejections WHERE reason = 'database_rejected:23502')")).containsExactly(8L, 2L);
    }

    @Test
    void refusesToStartWithoutAQueueUrlAndSaysWhich() throws Exception {
        Map<String, String> env = drainEnvironment(TestInfra.create());
        env.remove("ETL_QUEUE_URL");

        PackagedApp.Result result = PackagedApp.run(env, 60);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("ETL_QUEUE_URL (etl.queue-url) is not set");
    }

    @Test
    void aDeadLetterQueueThatDoesNotExistStopsTheRunBeforeAnythingIsReceived() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines().subList(0, 5));
        Map<String, String> env = drainEnvironment(infra);
        env.put("ETL_DEAD_LETTER_QUEUE_URL", infra.deadLetterUrl() + "-missing");

        PackagedApp.Result result = PackagedApp.run(env, 60);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("cannot start").contains("dead-letter").doesNotContain("drained:");
        assertThat(infra.queued()).as("nothing received or deleted").isEqualTo(5);
    }

    /**
     * Two ~200 KB invalid bodies with small ones: ten per SendMessageBatch would exceed SQS's 256 KiB
     * per batch and dead-letter none of them, on every redelivery. Split by size, all arrive.
     */
    @Test
    void largeRejectsReachTheDeadLetterQueueWithTheirReasons() throws Exception {
        TestInfra infra = TestInfra.create();
        String big = "{\"user_id\":\"" + "x".repeat(200 * 1024) + "\"}";
        try (SqsClient sqs = TestInfra.sqs()) { // one by one: two of them would not fit one SendMessageBatch either
            for (int i = 0; i < 2; i++) {
                sqs.sendMessage(b -> b.queueUrl(infra.queueUrl()).messageBody(big));
            }
        }
        List<String> bodies = new ArrayList<>(SampleEvents.badLines());
        bodies.addAll(SampleEvents.lines().subList(0, 5).stream().filter(l -> !SampleEvents.badLines().contains(l)).toList());
        infra.send(bodies);

        PackagedApp.Result result = PackagedApp.run(drainEnvironment(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<Message> dead = deadLetters(infra);
        assertThat(dead).hasSize(2 + SampleEvents.badLines().size());
        assertThat(dead).filteredOn(m -> m.body().equals(big)).hasSize(2)
                .allSatisfy(m -> assertThat(m.messageAttributes().get(DeadLetter.REASON_ATTRIBUTE).stringValue()).isEqualTo("too_large"));
        try (SqsClient sqs = TestInfra.sqs()) {
            assertThat(infra.queued(sqs)).isZero();
        }
    }

    private static List<Long> counts(TestInfra infra, String sql) throws SQLException {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            List<Long> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getLong(i));
            }
            return values;
        }
    }

    private static Map<String, String> drainEnvironment(TestInfra infra) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        return env;
    }

    private static void assertRowsMatchTheSample(TestInfra infra) throws Exception {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM user_logins")) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                assertThat(rows.put(rs.getString("user_id"), row)).as("one row per event").isNull();
            }
        }
        List<JsonNode> sample = SampleEvents.validEvents();
        assertThat(rows).hasSize(sample.size());
        for (JsonNode event : sample) {
            Map<String, Object> row = rows.get(event.get("user_id").asText());
            assertThat(row.get("masked_ip")).isEqualTo(SampleEvents.expectedMaskedIp(event.get("ip").asText()));
            assertThat(row.get("masked_device_id")).isEqualTo(SampleEvents.expectedMaskedDeviceId(event.get("device_id").asText()));
            assertThat(row.get("app_version")).isEqualTo(SampleEvents.VERSION_CODES.get(event.get("app_version").asText()));
        }
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery("SELECT reason FROM etl_rejections")) {
            List<String> reasons = new ArrayList<>();
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
            assertThat(reasons).containsExactlyInAnyOrderElementsOf(SampleEvents.BAD_LINE_REASONS);
        }
    }

    private static List<Message> deadLetters(TestInfra infra) {
        List<Message> dead = new ArrayList<>();
        try (SqsClient sqs = TestInfra.sqs()) {
            List<Message> got;
            do {
                got = sqs.receiveMessage(b -> b.queueUrl(infra.deadLetterUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages();
                dead.addAll(got);
            } while (!got.isEmpty());
        }
        return dead;
    }

    private static void assertDeadLetterQueueHoldsTheBadLines(TestInfra infra) {
        List<Message> dead = deadLetters(infra);
        try (SqsClient sqs = TestInfra.sqs()) {
            assertThat(dead).extracting(Message::body).containsExactlyInAnyOrderElementsOf(SampleEvents.badLines());
            assertThat(dead).extracting(m -> m.messageAttributes().get(DeadLetter.REASON_ATTRIBUTE).stringValue())
                    .containsExactlyInAnyOrderElementsOf(SampleEvents.BAD_LINE_REASONS);
            assertThat(infra.queued(sqs)).as("visible + in-flight messages left").isZero();
        }
    }
}
