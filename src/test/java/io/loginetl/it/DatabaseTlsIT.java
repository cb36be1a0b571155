package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to PostgreSQL as the README documents it: {@code sslmode=verify-full&sslrootcert=<CA file>},
 * against a real server with {@code ssl=on} that accepts only TLS connections with a password
 * (pg_hba {@code hostssl ... scram-sha-256}). The CA and the server certificate (for 127.0.0.1 and
 * localhost) are made here with openssl. A wrong CA and a wrong password each end the start-up with
 * one line naming what to check, exit 1.
 */
class DatabaseTlsIT {

    private static final String PASSWORD = "tls-it-password";
    private static final List<String> EVENTS = SampleEvents.validEvents().stream().limit(5).map(Object::toString).toList();

    private static Path dir;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startTlsOnlyServer() throws Exception {
        dir = Files.createTempDirectory("login-etl-tls-it");
        authority("ca");
        authority("other-ca");
        openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", "san.ext", "-out", "server.crt");
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        postgres = EmbeddedPostgres.builder()
                .setLocaleConfig("locale", "C")
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER USER postgres PASSWORD '" + PASSWORD + "'");
            ResultSet rs = s.executeQuery("SHOW hba_file");
            rs.next();
            Files.writeString(Path.of(rs.getString(1)), "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void verifyFullWithTheServersCaStoresEverything() throws Exception {
        TestInfra infra = TestInfra.create();
        infra.send(EVENTS);

        PackagedApp.Result result = PackagedApp.run(drain(infra, "ca.crt", PASSWORD), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("drained: stored=" + EVENTS.size() + " ");
        try (Connection c = tlsAdmin(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM user_logins")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(EVENTS.size());
        }
    }

    @Test
    void aWrongCaIsOneLineNamingTheCaSetting() throws Exception {
        PackagedApp.Result result = PackagedApp.run(drain(TestInfra.create(), "other-ca.crt", PASSWORD), 120);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("login-etl cannot start: ").contains("TLS handshake failed").contains("sslrootcert")
                .doesNotContain("\tat ");
    }

    @Test
    void aWrongPasswordIsOneLineNamingThePasswordSetting() throws Exception {
        PackagedApp.Result result = PackagedApp.run(drain(TestInfra.create(), "ca.crt", "not-the-password"), 120);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("login-etl cannot start: ").contains("SQLSTATE 28P01")
                .contains("QUARKUS_DATASOURCE_PASSWORD").doesNotContain("\tat ").doesNotContain("not-the-password");
    }

    private static Map<String, String> drain(TestInfra infra, String ca, String password) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        env.put("ETL_STARTUP_DATABASE_TIMEOUT", "10s");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres?sslmode=verify-full&sslrootcert=" + dir.resolve(ca));
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        return env;
    }

    private static Connection tlsAdmin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres?sslmode=verify-full&sslrootcert=" + dir.resolve("ca.crt"), "postgres", PASSWORD);
    }

    private static void authority(String name) throws Exception {
        openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=login-etl test " + name);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl %s: %s", args[0], output).isTrue();
    }
}
