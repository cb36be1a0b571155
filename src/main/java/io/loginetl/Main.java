package io.loginetl;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Map;

/**
 * The executable's {@code main}. Without arguments it runs {@link LoginEtlMain} (the pipeline) with
 * the configuration as given. With arguments it runs one operator command, which is a different kind
 * of process: it serves no HTTP (a {@code kubectl exec} into a running service's pod must not collide
 * with its port), runs none of the service's scheduled probes, and keeps standard output for the
 * command's results (logs go to standard error, without the banner), so {@code reveal > rows.jsonl}
 * holds rows only, and Quarkus' start-up lines stay out of it. An explicit system property still wins over these.
 */
@QuarkusMain
public final class Main {

    static final Map<String, String> COMMAND_SETTINGS = Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.scheduler.enabled", "false",
            "quarkus.banner.enabled", "false",
            "quarkus.log.console.stderr", "true",
            // Quarkus' own start and stop lines say nothing about the command's outcome.
            "quarkus.log.category.\"io.quarkus\".level", "WARN");

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0) {
            COMMAND_SETTINGS.forEach(System.getProperties()::putIfAbsent);
        }
        Quarkus.run(LoginEtlMain.class, args);
    }
}
