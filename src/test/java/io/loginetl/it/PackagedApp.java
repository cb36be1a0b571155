package io.loginetl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the packaged application as an operator would: the native executable when the build made
 * one (failsafe passes {@code native.image.path}), otherwise {@code java -jar quarkus-run.jar}.
 */
public final class PackagedApp {

    private PackagedApp() {
    }

    public static boolean isNative() {
        String path = System.getProperty("native.image.path");
        return path != null && Files.isExecutable(Path.of(path));
    }

    public static List<String> command() {
        if (isNative()) {
            return List.of(Path.of(System.getProperty("native.image.path")).toAbsolutePath().toString());
        }
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged application: run 'mvn verify' (or package) first");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString());
    }

    /** Runs the application to its end with the given environment; output is merged into one string. */
    public static Result run(Map<String, String> environment, long timeoutSeconds) throws IOException, InterruptedException {
        return run(List.of(), environment, timeoutSeconds);
    }

    /** Runs one operator command ({@code args} after the executable) to its end; output merged as above. */
    public static Result run(List<String> args, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = builder(args, environment).start();
        String output = outputUntilExit(process, timeoutSeconds);
        return new Result(process.exitValue(), output);
    }

    /**
     * Runs one operator command with standard output and standard error apart, as a shell redirect
     * sees them; {@code environment} is all the process gets besides {@code PATH}, so no setting
     * leaks in from the test's own environment.
     */
    public static Streams runApart(List<String> args, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("login-etl-stderr", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command(args)).redirectError(err.toFile());
            String path = builder.environment().get("PATH");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = outputUntilExit(process, timeoutSeconds);
            return new Streams(process.exitValue(), output, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Starts the application with its merged output going to {@code log}; the caller ends it. */
    public static Process start(Map<String, String> environment, Path log) throws IOException {
        return start(List.of(), environment, log);
    }

    /** As {@link #start(Map, Path)}, with arguments (an operator command). */
    public static Process start(List<String> args, Map<String, String> environment, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        return builder(args, environment).redirectOutput(log.toFile()).start();
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(command());
        command.addAll(args);
        return command;
    }

    /** Reads standard output to its end, then waits for the exit; a process still running then is killed. */
    private static String outputUntilExit(Process process, long timeoutSeconds) throws IOException, InterruptedException {
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the application did not exit within " + timeoutSeconds + " s");
        }
        return new String(output);
    }

    private static ProcessBuilder builder(List<String> args, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent("QUARKUS_HTTP_PORT", "0"); // a free port unless the test needs a known one
        return builder;
    }

    public record Result(int exitCode, String output) {
    }

    public record Streams(int exitCode, String stdout, String stderr) {
    }
}
