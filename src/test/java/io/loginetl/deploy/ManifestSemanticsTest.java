package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** What the manifests must get right about login-etl itself, beyond being valid Kubernetes. */
class ManifestSemanticsTest {

    private static final Duration GRACE_MARGIN = Duration.ofSeconds(5);
    private static final Map<String, String> MODES = Map.of(
            "service", "service", "drain-keda", "drain", "drain-cronjob", "drain", "migrate", "migrate");

    @Test
    void gracePeriodOutlastsAReceiveWaitPlusTheShutdownTimeout() {
        for (Workload w : pipelines()) {
            Duration needed = AppSettings.duration(w.setting("ETL_RECEIVE_WAIT_TIME"))
                    .plus(AppSettings.duration(w.setting("ETL_SHUTDOWN_TIMEOUT")));
            long grace = w.pod().path("terminationGracePeriodSeconds").asLong(30);
            assertThat(Duration.ofSeconds(grace)).as("%s: terminationGracePeriodSeconds vs receive wait + shutdown timeout (%s) + %s margin",
                    w, needed, GRACE_MARGIN).isGreaterThanOrEqualTo(needed.plus(GRACE_MARGIN));
        }
    }

    @Test
    void eachOverlayRunsItsModeAndOnlyTheMigrateJobMigrates() {
        assertThat(Workload.all()).hasSize(MODES.size());
        for (Workload w : Workload.all()) {
            assertThat(w.mode()).as("%s: ETL_MODE", w).isEqualTo(MODES.get(w.rendered().overlay()));
            if (!w.mode().equals("migrate")) {
                assertThat(w.setting("QUARKUS_FLYWAY_MIGRATE_AT_START")).as("%s: QUARKUS_FLYWAY_MIGRATE_AT_START", w)
                        .isEqualTo("false");
            }
        }
    }

    @Test
    void everyVariableSetIsOneTheApplicationReads() throws IOException {
        Set<String> known = AppSettings.known();
        for (Workload w : Workload.all()) {
            assertThat(w.env().keySet().stream().filter(name -> !known.contains(name)).toList())
                    .as("%s: variables neither EtlConfig nor the README's table knows", w).isEmpty();
        }
    }

    @Test
    void secretsAreReferencedNeverWritten() {
        assertThat(Manifests.all()).noneMatch(r -> r.kind().equals("Secret"));
        for (Workload w : Workload.all()) {
            w.env().forEach((name, value) -> {
                if (name.matches(".*(KEY|PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(value.path("secretKeyRef").path("name").asText()).as("%s: %s from a Secret", w, name).isNotEmpty();
                }
            });
        }
        Workload service = pipelines().get(0);
        assertThat(service.env()).containsKeys("ETL_MASKING_KEY", "QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void podsRunUnprivilegedOnAReadOnlyRootWithAWritableTmp() {
        for (Workload w : Workload.all()) {
            JsonNode pod = w.pod();
            JsonNode c = w.container().path("securityContext");
            assertThat(pod.path("serviceAccountName").asText()).as("%s: serviceAccountName", w).isEqualTo("login-etl");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s: runAsNonRoot", w).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as("%s: seccomp", w)
                    .isEqualTo("RuntimeDefault");
            assertThat(c.path("readOnlyRootFilesystem").asBoolean()).as("%s: readOnlyRootFilesystem", w).isTrue();
            assertThat(c.path("allowPrivilegeEscalation").asBoolean(true)).as("%s: allowPrivilegeEscalation", w).isFalse();
            assertThat(texts(c.path("capabilities").path("drop"))).as("%s: dropped capabilities", w).containsExactly("ALL");
            String tmpVolume = StreamSupport.stream(w.container().path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("mountPath").asText().equals("/tmp")).map(m -> m.path("name").asText())
                    .findFirst().orElse("");
            assertThat(w.volumes()).as("%s: /tmp is an emptyDir", w)
                    .anyMatch(v -> v.path("name").asText().equals(tmpVolume) && v.has("emptyDir"));
            assertThat(w.container().path("resources").path("limits").path("memory").asText()).as("%s: memory limit", w).isNotEmpty();
        }
    }

    @Test
    void jobsTreatSigtermAsNoFailure() {
        for (Manifests.Rendered r : Manifests.workloads()) {
            JsonNode job = Manifests.jobSpec(r.object());
            if (job == null) {
                continue;
            }
            String container = Manifests.podSpec(r.object()).path("containers").path(0).path("name").asText();
            assertThat(Manifests.podSpec(r.object()).path("restartPolicy").asText()).as("%s: restartPolicy", r).isEqualTo("Never");
            assertThat(job.path("podFailurePolicy").path("rules")).as("%s: a rule ignoring exit 143", r).anyMatch(rule ->
                    rule.path("action").asText().equals("Ignore")
                            && rule.path("onExitCodes").path("operator").asText().equals("In")
                            && rule.path("onExitCodes").path("containerName").asText().equals(container)
                            && texts(rule.path("onExitCodes").path("values")).contains("143"));
        }
    }

    @Test
    void kedaScalesTheWorkloadOnTheQueueItReadsFromZero() {
        for (String overlay : List.of("service", "drain-keda")) {
            List<JsonNode> objects = Manifests.render(overlay);
            JsonNode config = Workload.configMap(overlay, "login-etl-config").path("data");
            JsonNode scaler = objects.stream().filter(o -> o.path("kind").asText().startsWith("Scaled")).findFirst().orElseThrow();
            JsonNode trigger = scaler.path("spec").path("triggers").path(0);
            assertThat(trigger.path("type").asText()).isEqualTo("aws-sqs-queue");
            assertThat(trigger.path("metadata").path("queueURL").asText()).as("%s: queueURL", overlay)
                    .isEqualTo(config.path("ETL_QUEUE_URL").asText());
            assertThat(trigger.path("metadata").path("awsRegion").asText()).as("%s: awsRegion", overlay)
                    .isEqualTo(config.path("QUARKUS_SQS_AWS_REGION").asText());
            String auth = trigger.path("authenticationRef").path("name").asText();
            assertThat(objects).as("%s: TriggerAuthentication %s by pod identity", overlay, auth).anyMatch(o ->
                    o.path("kind").asText().equals("TriggerAuthentication") && o.path("metadata").path("name").asText().equals(auth)
                            && o.path("spec").path("podIdentity").path("provider").asText().equals("aws"));
            // A replica's own in-flight window, counted by scaleOnInFlight, must not add a replica.
            long maxInFlight = Long.parseLong(AppSettings.ETL.get("ETL_MAX_IN_FLIGHT"));
            assertThat(Long.parseLong(trigger.path("metadata").path("queueLength").asText())).isGreaterThan(maxInFlight);
        }
        JsonNode scaledObject = Manifests.render("service").stream()
                .filter(o -> o.path("kind").asText().equals("ScaledObject")).findFirst().orElseThrow();
        assertThat(scaledObject.path("spec").path("minReplicaCount").asInt(-1)).isZero();
        assertThat(scaledObject.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(pipelines().get(0).rendered().name());
    }

    @Test
    void theServiceMonitorScrapesTheServicePortThatSelectsTheServicePods() {
        List<JsonNode> objects = Manifests.render("service");
        JsonNode service = one(objects, "Service");
        JsonNode monitor = one(objects, "ServiceMonitor");
        JsonNode podLabels = pipelines().get(0).rendered().object().path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).as("Service selector %s", e.getKey()).isEqualTo(e.getValue().asText()));
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(service.path("metadata").path("labels").path(e.getKey()).asText()).as("ServiceMonitor selector %s", e.getKey())
                        .isEqualTo(e.getValue().asText()));
        String port = monitor.path("spec").path("endpoints").path(0).path("port").asText();
        assertThat(service.path("spec").path("ports")).anyMatch(p -> p.path("name").asText().equals(port));
    }

    /** The workloads that run the pipeline (not the migrate Job); the service first. */
    private static List<Workload> pipelines() {
        return Workload.all().stream().filter(w -> !w.mode().equals("migrate"))
                .sorted((a, b) -> Boolean.compare(!a.mode().equals("service"), !b.mode().equals("service"))).toList();
    }

    private static JsonNode one(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
