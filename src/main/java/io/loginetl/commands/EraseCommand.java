package io.loginetl.commands;

import io.loginetl.recovery.Erase;
import jakarta.enterprise.inject.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/** A data subject's erasure by user id (what it removes and why: {@link Erase}). */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase a data subject's personal data: their rows become anonymous tombstones.")
public class EraseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--user-id", required = true, paramLabel = "ID", description = "The subject's user_id; '-' reads it from standard input.")
    String userId;

    @Mixin
    AuditOptions audit;

    private final Instance<Erase> erases;
    private final CommandStart start;

    public EraseCommand(Instance<Erase> erases, CommandStart start) {
        this.erases = erases;
        this.start = start;
    }

    @Override
    public Integer call() throws SQLException, InterruptedException {
        var request = audit.request();
        String subject = SecretInput.resolve(userId);
        if (subject.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--user-id is empty");
        }
        Erase erase = erases.get(); // its settings are checked before the database is touched
        start.awaitDatabase();
        Erase.Erased erased = erase.erase(subject, request);
        System.out.printf("erased: rows=%d subject=%s%n", erased.rows(), erased.subjectFingerprint());
        return 0;
    }
}
