package io.loginetl.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every overlay renders, holds the objects its purpose needs, and every object parses into the
 * fabric8 model of its kind (Kubernetes' own API types; for ServiceMonitor and PrometheusRule the
 * Prometheus Operator's) with no field the type does not declare. KEDA's kinds have no fabric8
 * model: {@link CustomResourceSchemaTest} checks them against KEDA's schema, and the Job spec a
 * ScaledJob carries is parsed here as the batch/v1 JobSpec it is.
 */
class ManifestModelTest {

    private static final Map<String, Class<?>> TYPED = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "batch/v1/CronJob", CronJob.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);
    private static final Set<String> KEDA = Set.of(
            "keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/ScaledJob", "keda.sh/v1alpha1/TriggerAuthentication");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void eachOverlayRendersWhatItsModeNeeds() {
        assertThat(kinds("service")).containsExactlyInAnyOrder("ConfigMap", "Deployment", "PrometheusRule",
                "ScaledObject", "Service", "ServiceAccount", "ServiceMonitor", "TriggerAuthentication");
        assertThat(kinds("drain-keda")).containsExactlyInAnyOrder("ConfigMap", "ScaledJob", "ServiceAccount",
                "TriggerAuthentication");
        assertThat(kinds("drain-cronjob")).containsExactlyInAnyOrder("ConfigMap", "CronJob", "ServiceAccount");
        assertThat(kinds("migrate")).containsExactlyInAnyOrder("ConfigMap", "Job", "ServiceAccount");
    }

    @Test
    void everyObjectParsesIntoItsTypeWithoutUndeclaredFields() throws Exception {
        for (Manifests.Rendered r : Manifests.all()) {
            String type = r.object().path("apiVersion").asText() + "/" + r.kind();
            if (KEDA.contains(type)) {
                if (r.kind().equals("ScaledJob")) {
                    assertStrict(r, "spec.jobTargetRef.", r.object().path("spec").path("jobTargetRef"), JobSpec.class);
                }
                continue;
            }
            Class<?> model = TYPED.get(type);
            if (model == null) {
                fail(r + ": no model to check " + type + " against; add one to TYPED");
            }
            assertStrict(r, "", r.object(), model);
        }
    }

    private static void assertStrict(Manifests.Rendered r, String prefix, JsonNode node, Class<?> model) throws Exception {
        Object parsed = JSON.treeToValue(node, model);
        List<String> unknown = UnknownFields.in(parsed).stream().map(p -> prefix + p).toList();
        assertThat(unknown).as("%s: fields %s does not declare", r, model.getSimpleName()).isEmpty();
    }

    private static Set<String> kinds(String overlay) {
        Set<String> kinds = new TreeSet<>();
        Manifests.render(overlay).forEach(o -> kinds.add(o.path("kind").asText()));
        return kinds;
    }
}
