package io.loginetl.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.loginetl.TestDb;
import io.loginetl.ingest.QueueTargets;
import io.loginetl.ingest.SqsQueue;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        // Equal canonical IPs mask equal: this is what keeps duplicates identifiable.
        assertThat(SampleEvents.expectedMaskedIp("2001:DB8:0:0:0:0:0:1")).isEqualTo(SampleEvents.expectedMaskedIp("2001:db8::1"));
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
            dead.addAll(sqs.receiveMessage(b -> b.queueUrl(deadLetter).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
            return dead.stream().anyMatch(m -> m.body().equals(badBody));
        });
        Message moved = dead.stream().filter(m -> m.body().equals(badBody)).findFirst().orElseThrow();
        assertThat(moved.messageAttributes().get(SqsQueue.REASON_ATTRIBUTE).stringValue()).isEqualTo("invalid_ip:ip");
        assertThat(moved.messageAttributes().get(SqsQueue.SOURCE_ID_ATTRIBUTE).stringValue()).isEqualTo(sourceId);
        assertThat(rowsFor(List.of(marker))).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> TestInfra.queued(sqs, queues.source()) == 0);
    }

    @Test
    void sampleRejectsAreRecordedWithoutPii() throws SQLException {
        await().atMost(Duration.ofSeconds(60)).until(() -> rejectionReasons().containsAll(SampleEvents.BAD_LINE_REASONS));
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

    private List<String> rejectionReasons() throws SQLException {
        return TestDb.column(db, "SELECT reason FROM etl_rejections");
    }

    private static String textOrNull(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
