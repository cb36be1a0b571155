package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the sealing ITs: the drained sample's rows by user id, the packaged app's JSON output
 * lines, the audit table as text. Expected originals come from {@link SampleEvents} (the sample and
 * the documented canonical forms), never from the code under test.
 */
final class SealedOriginals {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedOriginals() {
    }

    /** user id → message id of every row. */
    static Map<String, String> messageIdsByUser(TestInfra infra) throws SQLException {
        Map<String, String> ids = new LinkedHashMap<>();
        try (Connection c = infra.db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT user_id, message_id FROM user_logins WHERE user_id IS NOT NULL ORDER BY user_id")) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getString(2));
            }
        }
        return ids;
    }

    /** The JSON lines of a command's output (log lines never start with '{'). */
    static List<JsonNode> jsonLines(String output) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** The output without its JSON lines: what a log collector would keep. */
    static String nonJsonOutput(String output) {
        StringBuilder rest = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) {
                rest.append(line).append('\n');
            }
        }
        return rest.toString();
    }

    /** Every audit record, each as one text line of all its columns. */
    static List<String> auditRows(TestInfra infra) throws SQLException {
        return infra.column("SELECT row_to_json(a)::text FROM etl_pii_access a ORDER BY id");
    }

    /** The canonical ip and device id the sample's event for {@code userId} must reveal as. */
    static String[] expectedOriginals(String userId) {
        JsonNode event = SampleEvents.validEvents().stream().filter(e -> e.get("user_id").asText().equals(userId))
                .findFirst().orElseThrow();
        return new String[] {SampleEvents.canonicalIp(event.get("ip").asText()), SampleEvents.stripped(event.get("device_id").asText())};
    }
}
