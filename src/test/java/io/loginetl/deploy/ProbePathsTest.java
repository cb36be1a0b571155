package io.loginetl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP path a manifest sends the kubelet to (startup, readiness and liveness probes) is one
 * the running application serves, on a port the container declares; a path it does not know
 * answers 404 and would have the pod killed or never ready.
 */
@QuarkusTest
class ProbePathsTest {

    @Test
    void probesPointAtPathsTheApplicationServes() {
        List<String> checked = new ArrayList<>();
        for (Workload w : Workload.all()) {
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = w.container().path(probe).path("httpGet");
                if (get.isMissingNode()) {
                    continue;
                }
                String port = get.path("port").asText();
                assertThat(w.container().path("ports")).as("%s: %s port %s is declared", w, probe, port)
                        .anyMatch(p -> p.path("name").asText().equals(port) || p.path("containerPort").asText().equals(port));
                String path = get.path("path").asText();
                int status = given().when().get(path).then().extract().statusCode();
                assertThat(status).as("%s: %s GET %s", w, probe, path).isIn(200, 503);
                checked.add(probe);
            }
        }
        assertThat(checked).as("probes found").contains("startupProbe", "readinessProbe", "livenessProbe");
    }
}
