package io.loginetl.commands;

import io.loginetl.recovery.AuditTrail;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Who asks and why: required by every command that reads or changes personal data, and recorded with it. */
public class AuditOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--requester", required = true, paramLabel = "NAME",
            description = "Who asks (a person or ticket owner), recorded in etl_pii_access.")
    String requester;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why (e.g. a ticket or request number), recorded in etl_pii_access.")
    String reason;

    AuditTrail.Request request() {
        return new AuditTrail.Request(checked("--requester", requester, 128), checked("--reason", reason, 1000));
    }

    private String checked(String option, String value, int max) {
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new ParameterException(spec.commandLine(), option + " must not be blank");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            throw new ParameterException(spec.commandLine(), option + " is longer than " + max + " characters");
        }
        return trimmed;
    }
}
