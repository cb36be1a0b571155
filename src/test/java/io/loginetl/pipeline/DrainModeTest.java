package io.loginetl.pipeline;

import io.loginetl.TestDb;
import io.loginetl.ingest.QueueTargets;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Drain mode and redelivery: a message whose row is already committed (as after a crash between
 * commit and delete) must be skipped, counted as a duplicate, and deleted.
 */
@QuarkusTest
@TestProfile(DrainProfile.class)
class DrainModeTest {

    @Inject
    Pipeline pipeline;
    @Inject
    SqsClient sqs;
    @Inject
    QueueTargets queues;
    @Inject
    DataSource db;

    @Test
    void redeliveryOfAStoredMessageAddsNoRowAndDrainTerminates() throws Exception {
        String run = UUID.randomUUID().toString();
        sqs.sendMessage(b -> b.queueUrl(queues.source()).messageBody(event("first-" + run)));
        sqs.sendMessage(b -> b.queueUrl(queues.source()).messageBody(event("second-" + run)));

        // Take one message like a consumer that committed its row and crashed before deleting it.
        Message taken = null;
        while (taken == null) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queues.source()).maxNumberOfMessages(10)
                    .visibilityTimeout(1).waitTimeSeconds(1)).messages();
            taken = got.stream().filter(m -> m.body().contains(run)).findFirst().orElse(null);
        }
        String redeliveredId = taken.messageId();
        insertAlreadyStored(redeliveredId);
        Thread.sleep(1_500); // let its visibility timeout pass so it is delivered again

        DrainSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(60), pipeline::drain);

        assertThat(summary.complete()).isTrue();
        assertThat(summary.duplicates()).isGreaterThanOrEqualTo(1);
        assertThat(summary.line()).matches("drained: stored=\\d+ duplicates=\\d+ rejected=\\d+ in \\d+\\.\\ds");
        assertThat(userIdsOf(redeliveredId)).containsExactly("already-stored");
        assertThat(countUser("first-" + run) + countUser("second-" + run)).isEqualTo(1);
        assertThat(TestInfra.queued(sqs, queues.source())).as("visible + in-flight messages left").isZero();
    }

    @Test
    void drainOfAnEmptyQueueEndsQuickly() throws Exception {
        DrainSummary first = assertTimeoutPreemptively(Duration.ofSeconds(60), pipeline::drain);
        DrainSummary second = assertTimeoutPreemptively(Duration.ofSeconds(20), pipeline::drain);
        assertThat(first.complete()).isTrue();
        assertThat(second.stored()).isZero();
        assertThat(second.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    private static String event(String userId) {
        return "{\"user_id\":\"" + userId + "\",\"app_version\":\"1.2.3\",\"device_type\":\"web\",\"ip\":\"10.0.0.1\","
                + "\"locale\":\"EN\",\"device_id\":\"d-1\"}";
    }

    private void insertAlreadyStored(String messageId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_logins (message_id, user_id, create_date) VALUES (?, 'already-stored', current_date)")) {
            ps.setString(1, messageId);
            ps.executeUpdate();
        }
    }

    private List<String> userIdsOf(String messageId) throws SQLException {
        return TestDb.column(db, "SELECT user_id FROM user_logins WHERE message_id = ?", messageId);
    }

    private int countUser(String userId) throws SQLException {
        return Integer.parseInt(TestDb.column(db, "SELECT count(*) FROM user_logins WHERE user_id = ?", userId).get(0));
    }
}
