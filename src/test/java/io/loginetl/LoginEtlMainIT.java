package io.loginetl;

import io.loginetl.it.PackagedAppResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The packaged application's entry point in drain mode: summary line and exit code 0. */
@QuarkusMainIntegrationTest
@WithTestResource(value = PackagedAppResource.class, initArgs = @ResourceArg(name = "mode", value = "drain"))
class LoginEtlMainIT extends LoginEtlMainTest {
}
