package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KEDA objects (ScaledObject, ScaledJob, TriggerAuthentication) and the Prometheus Operator
 * objects (ServiceMonitor, PrometheusRule) of every overlay validate against their CRDs' schemas.
 * The schemas come as JSON-schema validators in the npm packages {@code @kubernetes-models/keda}
 * and {@code @kubernetes-models/prometheus-operator}, pinned with their integrity hashes in
 * {@code src/test/crd-validation/package-lock.json} and installed by {@code npm ci}; no such schema
 * is published on Maven Central. They check types, required fields and enumerations, not
 * undeclared fields (see {@link ManifestModelTest} for those, where a model exists).
 */
class CustomResourceSchemaTest {

    private static final Path SOURCE = Path.of("src/test/crd-validation");
    private static final Path WORK = Path.of("target/crd-validation");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installValidators() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        boolean changed = false;
        for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Path target = WORK.resolve(file);
            byte[] content = Files.readAllBytes(SOURCE.resolve(file));
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                Files.write(target, content);
                changed = true;
            }
        }
        if (changed || !Files.isDirectory(WORK.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        }
    }

    @Test
    void customResourcesMatchTheirSchemas() throws IOException, InterruptedException {
        ArrayNode input = JSON.createArrayNode();
        Map<String, Manifests.Rendered> byLabel = new LinkedHashMap<>();
        for (Manifests.Rendered r : Manifests.all()) {
            String group = r.object().path("apiVersion").asText();
            if (group.startsWith("keda.sh/") || group.startsWith("monitoring.coreos.com/")) {
                byLabel.put(r.toString(), r);
                input.addObject().put("label", r.toString()).set("object", r.object());
            }
        }
        assertThat(byLabel.keySet()).as("custom resources found")
                .anyMatch(l -> l.contains("ScaledObject/")).anyMatch(l -> l.contains("ScaledJob/"))
                .anyMatch(l -> l.contains("TriggerAuthentication/")).anyMatch(l -> l.contains("ServiceMonitor/"))
                .anyMatch(l -> l.contains("PrometheusRule/"));
        Path file = WORK.resolve("objects.json");
        JSON.writeValue(file.toFile(), input);

        JsonNode result = JSON.readTree(run(List.of("node", "validate.mjs", file.getFileName().toString()), 60));

        assertThat(result.size()).isEqualTo(byLabel.size());
        result.fields().forEachRemaining(e ->
                assertThat(e.getValue()).as("schema errors of %s", e.getKey()).isEmpty());
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        assertThat(p.exitValue()).as("%s failed: %s", command, err).isZero();
        return out;
    }
}
