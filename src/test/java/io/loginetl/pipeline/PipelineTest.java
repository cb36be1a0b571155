package io.loginetl.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.TestDb;
import io.loginetl.ingest.QueueTargets;
import io.loginetl.ingest.DeadLetter;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service-mode pipeline end to end against the real embedded ElasticMQ and PostgreSQL
 * (or Dev Services containers where Docker exists): the seeded sample, new messages, rejects.
 */
@QuarkusTest
class PipelineTest {

    @Inject
    DataSource db;
    @Inject
    SqsClient sqs;
    @Inject
    QueueTargets queues;

    @Test
    void seededSampleLandsExactlyOnceWithExactValues() throws SQLException {
        List<JsonNode> sample = SampleEvents.validEvents();
        assertThat(sample).hasSize(101);
        List<String> userIds = sample.stream().map(n -> n.get("user_id").asText()).toList();

        await().atMost(Duration.ofSeconds(60)).until(() -> rowsFor(userIds).size() == sample.size());

        Map<String, List<Map<String, Object>>> rows = rowsFor(userIds);
        // Spellings of one value mask equal, different values differ: stored rows against each other,
        // no fixture hash involved. This is what keeps duplicates identifiable.
        assertOneMaskPerValue(sample, rows, "ip", SampleEvents::canonicalIp, "masked_ip");
        assertOneMaskPerValue(sample, rows, "device_id", SampleEvents::stripped, "masked_device_id");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (JsonNode event : sample) {
            List<Map<String, Object>> found = rows.get(event.get("user_id").asText());
            assertThat(found).as("rows for one sample event").hasSize(1);
            Map<String, Object> row = found.get(0);
            assertThat(row.get("masked_ip")).isEqualTo(SampleEvents.expectedMaskedIp(event.get("ip").asText()));
            assertThat(row.get("masked_device_id")).isEqualTo(SampleEvents.expectedMaskedDeviceId(event.get("device_id").asText()));
            assertThat(row.get("app_version")).isEqualTo(SampleEvents.VERSION_CODES.get(event.get("app_version").asText()));
            assertThat(row.get("device_type")).isEqualTo(textOrNull(event, "device_type"));
            assertThat(row.get("locale")).isEqualTo(textOrNull(event, "locale"));
            assertThat(((Date) row.get("create_date")).toLocalDate()).isIn(today, today.minusDays(1));
            assertThat((String) row.get("message_id")).isNotBlank();
        }
    }

    /**
     * Groups the sample's events by the canonical form of {@code field} and requires one stored
     * {@code column} value per group and a different one for every group. The sample must spell some
     * value two ways (padded, upper case, uncompressed IPv6), or this would prove nothing.
     */
    private static void assertOneMaskPerValue(List<JsonNode> sample, Map<String, List<Map<String, Object>>> rows,
                                              String field, UnaryOperator<String> canonical, String column) {
        Map<String, Set<String>> spellings = new HashMap<>();
        Map<String, Set<Object>> masks = new HashMap<>();
        for (JsonNode event : sample) {
            String raw = event.get(field).asText();
            String value = canonical.apply(raw);
            spellings.computeIfAbsent(value, k -> new HashSet<>()).add(raw);
            masks.computeIfAbsent(value, k -> new HashSet<>())
                    .add(rows.get(event.get("user_id").asText()).get(0).get(column));
        }
        assertThat(spellings.values()).as("the sample spells some %s in two ways", field).anyMatch(s -> s.size() > 1);
        assertThat(masks.values()).as("%s of the events with one %s", column, field).allMatch(m -> m.size() == 1);
        assertThat(masks.values().stream().flatMap(Set::stream).distinct().count())
                .as("distinct %s against distinct %s values", column, field).isEqualTo(masks.size());
    }

    @Test
    void newMessageIsStoredAndDeleted() throws SQLException {
        String userId = "test-" + UUID.randomUUID();
        sqs.sendMessage(b -> b.queueUrl(queues.source()).messageBody("""
                {"user_id":"%s","app_version":"4.1","device_type":"ios","ip":" 2001:DB8::AB\\t","locale":null,"device_id":"\u00a042\u2003"}"""
                .formatted(userId)));

        await().atMost(Duration.ofSeconds(30)).until(() -> rowsFor(List.of(userId)).size() == 1);
        Map<String, Object> row = rowsFor(List.of(userId)).get(userId).get(0);
        assertThat(row.get("masked_ip")).isEqualTo(SampleEvents.hmac("2001:db8::ab"));
        assertThat(row.get("masked_device_id")).isEqualTo(SampleEvents.hmac("42"));
        assertThat(row.get("app_version")).isEqualTo(4_001_000);
        assertThat(row.get("locale")).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> TestInfra.queued(sqs, queues.source()) == 0);
    }

    @Test
    void rejectsReachDeadLetterQueueAndRejectionsTable() throws SQLException {
        String marker = "reject-" + UUID.randomUUID();
        String badBody = "{\"user_id\":\"" + marker + "\",\"ip\":\"01.2.3.4\",\"device_id\":\"x\"}";
        String sourceId = sqs.sendMessage(b -> b.queueUrl(queues.source()).messageBody(badBody)).messageId();

        await().atMost(Duration.ofSeconds(30)).until(() -> rejectionReason(sourceId) != null);
        assertThat(rejectionReason(sourceId)).isEqualTo("invalid_ip:ip");

        String deadLetter = queues.deadLetter().orElseThrow();
        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            dead.addAll(peek(deadLetter));
            return dead.stream().anyMatch(m -> m.body().equals(badBody));
        });
        Message moved = dead.stream().filter(m -> m.body().equals(badBody)).findFirst().orElseThrow();
        assertThat(moved.messageAttributes().get(DeadLetter.REASON_ATTRIBUTE).stringValue()).isEqualTo("invalid_ip:ip");
        assertThat(moved.messageAttributes().get(DeadLetter.SOURCE_ID_ATTRIBUTE).stringValue()).isEqualTo(sourceId);
        assertThat(rowsFor(List.of(marker))).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> TestInfra.queued(sqs, queues.source()) == 0);
    }

    @Test
    void sampleRejectsAreRecordedWithoutPii() throws SQLException {
        // The dead-letter copies of the sample's bad lines name their source message and reason.
        List<String> badLines = SampleEvents.badLines();
        Map<String, Message> deadByBody = new HashMap<>();
        String deadLetter = queues.deadLetter().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Message m : peek(deadLetter)) {
                if (badLines.contains(m.body())) {
                    deadByBody.putIfAbsent(m.body(), m);
                }
            }
            return deadByBody.size() == badLines.size();
        });
        Map<String, String> reasonBySourceId = new HashMap<>();
        for (int i = 0; i < badLines.size(); i++) {
            Map<String, MessageAttributeValue> attributes = deadByBody.get(badLines.get(i)).messageAttributes();
            assertNoPii(attributes.toString(), "dead-letter attributes");
            assertThat(attributes.get(DeadLetter.REASON_ATTRIBUTE).stringValue()).as("reason of bad line %d", i)
                    .isEqualTo(SampleEvents.BAD_LINE_REASONS.get(i));
            reasonBySourceId.put(attributes.get(DeadLetter.SOURCE_ID_ATTRIBUTE).stringValue(),
                    SampleEvents.BAD_LINE_REASONS.get(i));
        }

        // Of every message of the sample (the valid ones found by their rows), exactly the bad lines
        // are recorded as rejected, each once with its reason, and no record holds an IP or device id.
        List<String> userIds = SampleEvents.validEvents().stream().map(n -> n.get("user_id").asText()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsFor(userIds).size() == userIds.size());
        List<String> sampleIds = new ArrayList<>(reasonBySourceId.keySet());
        rowsFor(userIds).values().forEach(found -> sampleIds.add((String) found.get(0).get("message_id")));
        assertThat(sampleIds).hasSize(SampleEvents.lines().size()).doesNotHaveDuplicates();
        Map<String, String> recorded = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT message_id, reason, r::text FROM etl_rejections r WHERE message_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", sampleIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recorded.put(rs.getString(1), rs.getString(2));
                    assertNoPii(rs.getString(3), "rejection record");
                }
            }
        }
        assertThat(recorded).isEqualTo(reasonBySourceId);
    }

    /** Up to ten messages of a queue, hidden for a second only so that other tests still see them. */
    private List<Message> peek(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(1).messageAttributeNames("All")).messages();
    }

    private static void assertNoPii(String text, String where) {
        for (String pii : SampleEvents.rawPii()) {
            assertThat(text).as(where).doesNotContain(pii);
        }
    }

    @Test
    void noRawIpOrDeviceIdInAnyTableOrLog() throws Exception {
        List<String> userIds = SampleEvents.validEvents().stream().map(n -> n.get("user_id").asText()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsFor(userIds).size() == userIds.size());

        StringBuilder everything = new StringBuilder();
        try (Connection c = db.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT l::text FROM user_logins l UNION ALL SELECT r::text FROM etl_rejections r")) {
            while (rs.next()) {
                everything.append(rs.getString(1)).append('\n');
            }
        }
        Path log = Path.of("target/test-logs/login-etl.log");
        assertThat(log).exists();
        String logText = Files.readString(log);
        assertThat(logText).contains("Rejected message");
        for (String pii : SampleEvents.rawPii()) {
            assertThat(everything.toString()).as("tables").doesNotContain(pii);
            assertThat(logText).as("log").doesNotContain(pii);
        }
    }

    private Map<String, List<Map<String, Object>>> rowsFor(List<String> userIds) throws SQLException {
        Map<String, List<Map<String, Object>>> byUser = new HashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM user_logins WHERE user_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", userIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    byUser.computeIfAbsent(rs.getString("user_id"), k -> new ArrayList<>()).add(row);
                }
            }
        }
        return byUser;
    }

    private String rejectionReason(String messageId) throws SQLException {
        List<String> reasons = TestDb.column(db, "SELECT reason FROM etl_rejections WHERE message_id = ?", messageId);
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    private static String textOrNull(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
