package io.loginetl.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Drain mode: the pipeline does not start with the application, the test (or main) runs it. */
public class DrainProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("etl.mode", "drain");
    }
}
