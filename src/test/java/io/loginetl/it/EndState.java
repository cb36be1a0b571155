package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.ingest.DeadLetter;
import io.loginetl.testsupport.TestInfra;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a run left behind, read from the servers themselves rather than from the process's own
 * account: the table's user ids, the rejection records, the dead-letter queue and the source queue's
 * depth. Comparisons report counts only, never a body, an IP or a device id.
 */
record EndState(List<String> rowUserIds, Map<String, String> rejections, List<Message> deadLettered,
                long visible, long inFlight) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the end state; receiving the dead-letter queue hides its messages, so call it once, last. */
    static EndState of(TestInfra infra) throws SQLException {
        List<String> users = new ArrayList<>();
        Map<String, String> rejections = new HashMap<>();
        try (Connection c = infra.db()) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT user_id FROM user_logins")) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT message_id, reason FROM etl_rejections")) {
                while (rs.next()) {
                    rejections.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (SqsClient sqs = TestInfra.sqs()) {
            Map<String, String> depth = sqs.getQueueAttributes(b -> b.queueUrl(infra.queueUrl()).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            List<Message> dead = new ArrayList<>();
            List<Message> got;
            do {
                got = sqs.receiveMessage(b -> b.queueUrl(infra.deadLetterUrl()).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(600).messageAttributeNames("All")).messages();
                dead.addAll(got);
            } while (!got.isEmpty());
            return new EndState(users, rejections, dead, Long.parseLong(depth.get("ApproximateNumberOfMessages")),
                    Long.parseLong(depth.get("ApproximateNumberOfMessagesNotVisible")));
        }
    }

    /** Rows in the table so far; 0 before the schema exists. */
    static long rows(TestInfra infra) {
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM user_logins")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notMigratedYet) {
            return 0;
        }
    }

    /** The user ids the valid bodies must become, one row each (the generators' ids are unique). */
    static List<String> validUserIds(List<String> bodies) {
        return bodies.stream().map(EndState::validOrNull).filter(n -> n != null).map(n -> n.get("user_id").asText()).toList();
    }

    /** The bodies that must be rejected (the generators' bad ones are junk, not PII). */
    static List<String> badBodies(List<String> bodies) {
        return bodies.stream().filter(b -> validOrNull(b) == null).toList();
    }

    /**
     * Empty when the table holds exactly one row per expected user id and nothing else; otherwise how
     * many are missing, stored more than once, or not expected at all.
     */
    String rowProblems(List<String> expectedUserIds) {
        Map<String, Long> rows = rowUserIds.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Set<String> expected = Set.copyOf(expectedUserIds);
        long missing = expected.stream().filter(id -> !rows.containsKey(id)).count();
        long doubled = rows.values().stream().filter(n -> n > 1).count();
        long unexpected = rows.keySet().stream().filter(id -> !expected.contains(id)).count();
        return missing + doubled + unexpected == 0 ? "" : String.format(
                "%d rows for %d expected: %d missing, %d stored more than once, %d unexpected",
                rowUserIds.size(), expected.size(), missing, doubled, unexpected);
    }

    /**
     * Empty when the dead-letter queue holds exactly the given bodies (as a multiset); otherwise how many
     * are missing and how many should not be there. Counts only: a body that does not belong there may be
     * a valid event.
     */
    String deadLetterProblems(List<String> expectedBodies) {
        Map<String, Long> surplus = deadLettered.stream().collect(Collectors.groupingBy(Message::body, Collectors.counting()));
        long missing = 0;
        for (String body : expectedBodies) {
            Long left = surplus.merge(body, -1L, Long::sum);
            if (left < 0) {
                missing++;
                surplus.put(body, 0L);
            }
        }
        long unexpected = surplus.values().stream().mapToLong(Long::longValue).sum();
        return missing + unexpected == 0 ? "" : String.format("%d bodies in the dead-letter queue for %d expected: %d missing, %d unexpected",
                deadLettered.size(), expectedBodies.size(), missing, unexpected);
    }

    /** Source message ids the dead-letter queue holds (each at least once); a message without one counts as "none". */
    Set<String> deadLetteredSourceIds() {
        return deadLettered.stream().map(m -> m.messageAttributes().get(DeadLetter.SOURCE_ID_ATTRIBUTE))
                .map(id -> id == null ? "none" : id.stringValue())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode validOrNull(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            boolean valid = n != null && n.isObject() && n.hasNonNull("user_id") && n.hasNonNull("ip")
                    && !n.get("ip").asText().startsWith("300.");
            return valid ? n : null;
        } catch (Exception notJson) {
            return null;
        }
    }
}
