package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives a packaged (JVM or native) application under {@code @QuarkusIntegrationTest} what production
 * gives it: queue URLs, a database and a key. Production builds never create queues or seed them,
 * so this resource does, with the dev sample. Init arg {@code mode} sets {@code etl.mode}; any init arg
 * named {@code etl.*} is passed on as that setting.
 */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    private String mode = "service";
    private final Map<String, String> settings = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", mode);
        initArgs.forEach((name, value) -> {
            if (name.startsWith("etl.")) {
                settings.put(name, value);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.create();
        infra.send(SampleEvents.lines());
        Map<String, String> config = new HashMap<>(infra.properties());
        config.put("etl.mode", mode);
        config.putAll(settings);
        // The IT launcher reuses one HTTP port for every launch, but a @QuarkusIntegrationTest app may
        // still hold it when a @QuarkusMainIntegrationTest starts: give each launch its own port.
        config.put("quarkus.http.port", Integer.toString(TestInfra.freePort()));
        return config;
    }


    @Override
    public void stop() {
        // The embedded servers live as long as the test JVM; each start() used fresh queues and a fresh database.
    }
}
