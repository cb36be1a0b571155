package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The manifests as a user gets them: each overlay of {@code deploy/kubernetes} rendered by
 * {@code kubectl kustomize} (once per test run) and read as JSON trees.
 */
final class Manifests {

    static final Path ROOT = Path.of("deploy/kubernetes");
    static final List<String> OVERLAYS = List.of("service", "drain-keda", "drain-cronjob", "migrate");
    static final YAMLMapper YAML = new YAMLMapper();

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    /** One rendered object and the overlay it came from. */
    record Rendered(String overlay, JsonNode object) {

        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return overlay + ": " + kind() + "/" + name();
        }
    }

    private Manifests() {
    }

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Manifests::kustomize);
    }

    static List<Rendered> all() {
        List<Rendered> all = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            render(overlay).forEach(o -> all.add(new Rendered(overlay, o)));
        }
        return all;
    }

    /** The pod spec of a workload, wherever its kind keeps it; null for objects that run nothing. */
    static JsonNode podSpec(JsonNode object) {
        JsonNode spec = object.path("spec");
        JsonNode pod = switch (object.path("kind").asText()) {
            case "Deployment", "Job" -> spec.path("template").path("spec");
            case "CronJob" -> spec.path("jobTemplate").path("spec").path("template").path("spec");
            case "ScaledJob" -> spec.path("jobTargetRef").path("template").path("spec");
            default -> null;
        };
        return pod == null || pod.isMissingNode() ? null : pod;
    }

    /** The Job spec of a kind that creates Jobs. */
    static JsonNode jobSpec(JsonNode object) {
        return switch (object.path("kind").asText()) {
            case "Job" -> object.path("spec");
            case "CronJob" -> object.path("spec").path("jobTemplate").path("spec");
            case "ScaledJob" -> object.path("spec").path("jobTargetRef");
            default -> null;
        };
    }

    static List<Rendered> workloads() {
        return all().stream().filter(r -> podSpec(r.object()) != null).toList();
    }

    private static List<JsonNode> kustomize(String overlay) {
        Path dir = ROOT.resolve("overlays").resolve(overlay);
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
            }
            List<JsonNode> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                        objects.add(doc);
                    }
                }
            }
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize " + dir + " could not run (kubectl on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted rendering " + dir, e);
        }
    }
}
