package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of the PrometheusRule, as the service overlay renders it, pass {@code promtool check
 * rules} and the unit tests in {@code src/test/resources/deploy/alerts-test.yaml}, which hold a
 * firing and a silent case for every alert. The rule groups are extracted from the manifest at
 * test time, so no second copy of the rules exists. promtool comes with Debian's prometheus
 * package ({@code .ci/run} installs it); only outside CI does its absence skip this test.
 */
class AlertRulesTest {

    private static final Path TESTS = Path.of("src/test/resources/deploy/alerts-test.yaml");
    private static final Path WORK = Path.of("target/promtool");

    @Test
    void rulesPassPromtoolsUnitTests() throws IOException, InterruptedException {
        assumePromtool();
        Files.createDirectories(WORK);
        ObjectNode rules = Manifests.YAML.createObjectNode();
        rules.set("groups", prometheusRule().path("spec").path("groups"));
        Manifests.YAML.writeValue(WORK.resolve("login-etl-rules.yaml").toFile(), rules);
        Files.copy(TESTS, WORK.resolve("alerts-test.yaml"), StandardCopyOption.REPLACE_EXISTING);

        promtool("check", "rules", "login-etl-rules.yaml");
        promtool("test", "rules", "alerts-test.yaml");
    }

    /** promtool parses the dashboard's queries too, given as recording rules. */
    @Test
    void dashboardQueriesParse() throws IOException, InterruptedException {
        assumePromtool();
        Files.createDirectories(WORK);
        ObjectNode file = Manifests.YAML.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        List<Dashboard.Query> queries = Dashboard.queries();
        for (int i = 0; i < queries.size(); i++) {
            rules.addObject().put("record", "dashboard:query" + i).put("expr", queries.get(i).expr());
        }
        assertThat(queries).hasSizeGreaterThan(10);
        Manifests.YAML.writeValue(WORK.resolve("dashboard-queries.yaml").toFile(), file);
        promtool("check", "rules", "dashboard-queries.yaml");
    }

    @Test
    void everyAlertHasAFiringAndASilentCase() throws IOException {
        Set<String> alerts = new TreeSet<>();
        prometheusRule().path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : Manifests.YAML.readTree(TESTS.toFile()).path("tests")) {
            for (JsonNode c : test.path("alert_rule_test")) {
                (c.path("exp_alerts").isEmpty() ? silent : firing).add(c.path("alertname").asText());
            }
        }
        assertThat(firing).as("alerts with a firing case").isEqualTo(alerts);
        // A flapping pod beside a steady one, a pod without metrics beside one with them: the silent
        // case of these two is the other pod of the same test.
        assertThat(silent).as("alerts with a silent case")
                .containsAll(alerts.stream().filter(a -> !a.equals("LoginEtlReadinessFlapping") && !a.equals("LoginEtlMetricsAbsent")).toList());
    }

    static JsonNode prometheusRule() {
        return Manifests.render("service").stream().filter(o -> o.path("kind").asText().equals("PrometheusRule"))
                .findFirst().orElseThrow(() -> new AssertionError("the service overlay renders no PrometheusRule"));
    }

    private static void assumePromtool() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/promtool"))
                || List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("promtool is missing in CI: .ci/run installs Debian's prometheus package for it");
        }
        Assumptions.assumeTrue(present, "promtool not installed (apt-get install prometheus): alert rules not unit-tested");
    }

    private static void promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        assertThat(p.exitValue()).as("%s:%n%s", command, out).isZero();
    }
}
