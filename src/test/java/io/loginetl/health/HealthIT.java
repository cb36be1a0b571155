package io.loginetl.health;

import io.loginetl.it.PackagedAppResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The health endpoints of the packaged application (jar, or the native executable with -Dnative).
 * Receivers beat once per long poll, so the packaged (prod-profile, 20 s) poll would leave up to 20 s
 * between beats on an idle queue: give it the test profile's 1 s poll, which the inherited checks assume.
 */
@QuarkusIntegrationTest
@WithTestResource(value = PackagedAppResource.class,
        initArgs = @ResourceArg(name = "etl.receive.wait-time", value = "1s"))
class HealthIT extends HealthTest {
}
