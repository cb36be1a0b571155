package io.loginetl.health;

import io.loginetl.it.PackagedAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The health endpoints of the packaged application (jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppResource.class)
class HealthIT extends HealthTest {
}
