package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * A rendered object that runs login-etl, with the environment its container gets: the ConfigMaps
 * it takes with {@code envFrom}, then its own {@code env} entries on top, as the kubelet does.
 */
record Workload(Manifests.Rendered rendered, JsonNode pod, JsonNode container, Map<String, JsonNode> env) {

    static List<Workload> all() {
        return Manifests.workloads().stream().map(Workload::of).toList();
    }

    static Workload of(Manifests.Rendered r) {
        JsonNode pod = Manifests.podSpec(r.object());
        JsonNode container = pod.path("containers").path(0);
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("configMapRef").path("name").asText();
            configMap(r.overlay(), name).path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value") : e.path("valueFrom"));
        }
        return new Workload(r, pod, container, env);
    }

    static JsonNode configMap(String overlay, String name) {
        return Manifests.render(overlay).stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap") && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + ": envFrom names ConfigMap " + name + ", not rendered"));
    }

    /** The value login-etl sees: the manifest's, else the application's default (null if neither). */
    String setting(String variable) {
        JsonNode v = env.get(variable);
        return v != null && v.isValueNode() ? v.asText() : AppSettings.ETL.get(variable);
    }

    String mode() {
        return setting("ETL_MODE");
    }

    List<JsonNode> volumes() {
        return StreamSupport.stream(pod.path("volumes").spliterator(), false).toList();
    }

    @Override
    public String toString() {
        return rendered.toString();
    }
}
