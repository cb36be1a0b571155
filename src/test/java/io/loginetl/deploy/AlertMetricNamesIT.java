package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric an alert uses exists in a real scrape of {@code /q/metrics}: the one MetricsIT
 * writes to {@code target/metrics-scrape.txt}. A failsafe execution of its own, after the one that
 * runs MetricsIT (pom.xml, {@code deploy-checks}), so it reads this build's scrape. {@code up} is
 * Prometheus' own. And a histogram_quantile threshold is one of the histogram's bucket bounds, or
 * the quantile could never be seen crossing it exactly.
 */
class AlertMetricNamesIT {

    static final Path SCRAPE = Path.of("target/metrics-scrape.txt");
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern QUANTILE_THRESHOLD =
            Pattern.compile("histogram_quantile\\(.*?([a-z_:]+_bucket).*\\)\\s*>\\s*([0-9.]+)\\s*$", Pattern.DOTALL);

    @Test
    void everyMetricAnAlertUsesIsInTheScrape() throws IOException {
        Set<String> scraped = scrapedNames();
        Set<String> missing = new TreeSet<>();
        for (JsonNode rule : rules()) {
            for (String name : PromQl.metricNames(rule.path("expr").asText())) {
                if (!scraped.contains(name) && !PROMETHEUS_OWN.contains(name)) {
                    missing.add(rule.path("alert").asText() + ": " + name);
                }
            }
        }
        assertThat(missing).as("metrics used by alerts but not in %s", SCRAPE).isEmpty();
    }

    @Test
    void everyMetricTheDashboardUsesIsInTheScrape() throws IOException {
        Set<String> scraped = scrapedNames();
        Set<String> missing = new TreeSet<>();
        for (Dashboard.Query q : Dashboard.queries()) {
            PromQl.metricNames(q.expr()).stream().filter(name -> !scraped.contains(name))
                    .forEach(name -> missing.add(q.title() + ": " + name));
        }
        assertThat(missing).as("metrics used by deploy/grafana but not in %s", SCRAPE).isEmpty();
    }

    @Test
    void quantileThresholdsAreBucketBounds() throws IOException {
        assumeMetricsIt();
        String scrape = Files.readString(SCRAPE);
        int checked = 0;
        for (JsonNode rule : rules()) {
            Matcher m = QUANTILE_THRESHOLD.matcher(rule.path("expr").asText().trim());
            if (m.find()) {
                double threshold = Double.parseDouble(m.group(2));
                Matcher bounds = Pattern.compile("^" + Pattern.quote(m.group(1)) + "\\{[^}]*le=\"([^\"]+)\"", Pattern.MULTILINE).matcher(scrape);
                Set<Double> les = new HashSet<>();
                while (bounds.find()) {
                    les.add(bounds.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bounds.group(1)));
                }
                assertThat(les).as("%s: bucket bounds of %s", rule.path("alert").asText(), m.group(1)).contains(threshold);
                checked++;
            }
        }
        assertThat(checked).as("alerts on a histogram quantile").isPositive();
    }

    /** Until the build has MetricsIT there is no real scrape to compare with. */
    private static void assumeMetricsIt() {
        try {
            Class.forName("io.loginetl.it.MetricsIT");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("no MetricsIT in this build, so no scrape of /q/metrics to check the alerts against");
        }
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        AlertRulesTest.prometheusRule().path("spec").path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    private static Set<String> scrapedNames() throws IOException {
        assumeMetricsIt();
        assertThat(SCRAPE).as("MetricsIT writes the scrape; run it first (./mvnw verify runs both in order)").exists();
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(SCRAPE)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
