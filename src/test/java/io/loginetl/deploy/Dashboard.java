package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL of the Grafana dashboard in {@code deploy/grafana}: every panel's targets and the
 * template variables' queries, with Grafana's variables replaced by what Prometheus would get.
 */
final class Dashboard {

    static final Path FILE = Path.of("deploy/grafana/login-etl.json");

    record Query(String title, String expr) {
    }

    private Dashboard() {
    }

    static List<Query> queries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(FILE.toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), resolve(target.path("expr").asText())));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asText("");
            if (query.startsWith("label_values(")) {
                // label_values(<selector>, <label>): the selector is the PromQL part.
                queries.add(new Query("variable " + variable.path("name").asText(),
                        query.substring("label_values(".length(), query.lastIndexOf(','))));
            }
        }
        return queries;
    }

    private static String resolve(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$namespace", ".*");
    }
}
