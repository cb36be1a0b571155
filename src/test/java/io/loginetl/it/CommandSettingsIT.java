package io.loginetl.it;

import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator command needs only what it uses: {@code keygen} and {@code --help} run with no setting
 * at all (no key, no database, no queue), a database command names a missing setting in one line
 * before it touches the database, and no command opens the service's HTTP port or writes anything
 * but its results to standard output.
 */
class CommandSettingsIT {

    private static final String KEY = "an-operator-masking-key-of-at-least-32-bytes";

    @Test
    void keygenNeedsNoSettingAndLeavesTheServicePortAlone(@TempDir Path dir) throws Exception {
        Path privateFile = dir.resolve("private.json");
        Path publicFile = dir.resolve("public.json");
        // A running service holds its port; a command run beside it (kubectl exec) must not need it.
        try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PackagedApp.Streams keygen = PackagedApp.runApart(List.of("keygen", "--private", privateFile.toString(),
                    "--public", publicFile.toString()), Map.of("QUARKUS_HTTP_PORT", Integer.toString(service.getLocalPort())), 120);

            assertThat(keygen.exitCode()).as(keygen.stderr()).isZero();
            assertThat(keygen.stdout().lines().toList()).as("only the command's result on stdout")
                    .singleElement().asString().startsWith("Wrote private keyset " + privateFile);
            assertThat(keygen.stderr()).doesNotContain("\tat ");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        assertThat(Files.readString(publicFile)).contains("primaryKeyId");
    }

    @Test
    void helpNeedsNoSetting() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("reveal", "--help"), List.of("lookup", "--help"))) {
            PackagedApp.Streams help = PackagedApp.runApart(args, Map.of(), 120);

            assertThat(help.exitCode()).as(args + ": " + help.stderr()).isZero();
            assertThat(help.stdout()).as(args.toString()).startsWith("Usage: login-etl");
            assertThat(help.stderr()).as(args.toString()).doesNotContain("\tat ");
        }
    }

    @Test
    void aDatabaseCommandWithoutTheDatabaseUrlIsOneLine() throws Exception {
        PackagedApp.Streams lookup = PackagedApp.runApart(List.of("lookup", "--ip", "192.0.2.1", "--requester", "a",
                "--reason", "r"), Map.of("ETL_MASKING_KEY", KEY), 120);

        assertThat(lookup.exitCode()).isEqualTo(1);
        assertThat(lookup.stderr()).contains("lookup: QUARKUS_DATASOURCE_JDBC_URL (quarkus.datasource.jdbc.url) is not set")
                .doesNotContain("\tat ").doesNotContain("192.0.2.1");
        assertThat(lookup.stdout()).isEmpty();
    }

    @Test
    void aMissingKeyIsNamedBeforeTheDatabaseIsTouched() throws Exception {
        TestInfra infra = TestInfra.create();
        Map<String, String> env = new HashMap<>(infra.environment());
        env.remove("ETL_MASKING_KEY");

        PackagedApp.Streams lookup = PackagedApp.runApart(List.of("lookup", "--ip", "192.0.2.1", "--requester", "a",
                "--reason", "r"), env, 120);

        assertThat(lookup.exitCode()).isEqualTo(1);
        assertThat(lookup.stderr()).contains("lookup: ETL_MASKING_KEY (etl.masking.key) is not set").doesNotContain("\tat ");
        assertThat(StartupIT.tables(infra)).as("no migration ran").isEmpty();
    }
}
