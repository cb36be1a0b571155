package io.loginetl.devinfra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a real PostgreSQL server (zonky's embedded binaries, unpacked from a jar) on a free port.
 * <p>
 * Kept apart from {@link EmbeddedInfraConfigSourceFactory} so that zonky is only linked when the factory has decided
 * to start it: the dependency is {@code provided}, absent from the prod class path and the native image.
 */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    /**
     * Starts PostgreSQL and returns its port; a JVM shutdown hook stops it and deletes its files.
     * <p>
     * The data directory is thrown away on stop (tests must not see yesterday's rows). It is created directly in
     * zonky's working directory on purpose: when a JVM dies without running its hooks (kill -9, a surefire timeout),
     * the next zonky start there stops the orphaned postmaster and deletes its data once it is 10 minutes old. The
     * server's output goes to a log file beside it rather than through zonky's logger, which would otherwise copy
     * every initdb line and every server message into the dev console at INFO.
     */
    static int start() {
        Path data = newDataDirectory();
        File log = data.resolveSibling(data.getFileName() + ".log").toFile();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    // Our hook below also removes the log; zonky's own hook would be a second, racing stop.
                    .setRegisterShutdownHook(false)
                    // Without an explicit locale initdb takes LANG/LC_ALL from the shell and fails on any locale the
                    // OS has not generated. "C" always exists; the builtin C.UTF-8 provider (PostgreSQL 17) still
                    // gives Unicode-aware upper()/lower() without needing OS locale data.
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    // The default 10 s is tight for a cold start on a loaded 2-core CI machine.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException | RuntimeException e) {
            data.toFile().delete(); // initdb empties it on failure; zonky's stale-directory sweep never would
            throw new IllegalStateException(explain(e, log), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, log), "login-etl-embedded-pg-stop"));
        return postgres.getPort();
    }

    private static Path newDataDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path zonkyWorkDir = Path.of(System.getProperty("ot.epg.working-dir", tmp.resolve("embedded-pg").toString()));
        try {
            return Files.createTempDirectory(Files.createDirectories(zonkyWorkDir), "login-etl-");
        } catch (IOException ownedByAnotherUser) {
            try { // a shared machine where someone else created zonky's directory: no orphan sweep, but it works
                return Files.createTempDirectory(tmp, "login-etl-pg-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a data directory for the embedded PostgreSQL", e);
            }
        }
    }

    private static String explain(Exception e, File log) {
        String output = tail(log);
        StringBuilder msg = new StringBuilder("Could not start the embedded PostgreSQL: ").append(e.getMessage());
        if (output.contains("cannot be run as root")) {
            // zonky runs initdb through 'unshare -U' when it is root; where user namespaces are blocked
            // (Docker's default seccomp profile, hardened kernels) PostgreSQL itself refuses.
            msg.append(". PostgreSQL refuses to run as root (and zonky could not drop root with 'unshare -U');"
                    + " run as an unprivileged user or set QUARKUS_DATASOURCE_JDBC_URL.");
        }
        msg.append(" Set etl-dev.embedded-infra=false to use Quarkus Dev Services (needs Docker) instead.");
        msg.append(" Server output (").append(log).append("):\n").append(output.isEmpty() ? "(none)" : output);
        return msg.toString();
    }

    private static String tail(File log) {
        try {
            List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException notWrittenOrUnreadable) {
            return "";
        }
    }

    private static void stop(EmbeddedPostgres postgres, File log) {
        try {
            postgres.close(); // pg_ctl stop -m fast, then zonky deletes the data directory
        } catch (IOException | RuntimeException e) {
            System.err.println("login-etl: could not stop the embedded PostgreSQL cleanly: " + e);
        }
        log.delete();
    }
}
