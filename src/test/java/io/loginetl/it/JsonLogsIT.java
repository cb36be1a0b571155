package io.loginetl.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ETL_LOG_JSON=true: the packaged application drains the sample and every line it prints is one
 * JSON object; each rejection line carries the message id and reason as fields of their own; no raw
 * IP or device id appears anywhere.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsJsonAndRejectionsCarryIdAndReasonAsFields() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("ETL_LOG_JSON", "true");

        PackagedApp.Result result = PackagedApp.run(env, 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // throws on the first line that is not JSON
            }
        }
        assertThat(lines).anyMatch(l -> l.path("message").asText().startsWith("drained: stored=101 "));
        List<JsonNode> rejections = lines.stream().filter(l -> l.path("message").asText().startsWith("Rejected message")).toList();
        assertThat(rejections).extracting(l -> l.path("mdc").path("reason").asText())
                .containsExactlyInAnyOrderElementsOf(SampleEvents.BAD_LINE_REASONS);
        Map<String, String> logged = new HashMap<>();
        rejections.forEach(l -> logged.put(l.path("mdc").path("message_id").asText(), l.path("mdc").path("reason").asText()));
        assertThat(logged).as("the fields name the very messages the database recorded").isEqualTo(EndState.of(infra).rejections());
        for (String pii : SampleEvents.rawPii()) {
            assertThat(result.output()).doesNotContain(pii);
        }
    }
}
