package io.loginetl.commands;

import io.loginetl.recovery.CommandFailure;
import io.loginetl.startup.StartupFailure;
import io.loginetl.support.Failures;
import jakarta.inject.Singleton;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.sql.SQLException;

/**
 * Runs an operator command. Exit codes: 0 success, 2 a usage mistake (picocli's own, with the usage
 * text), 1 a failure. A failure the operator can fix is one line without a stack trace; so is a
 * database error (its SQL state and first line: a DETAIL line could quote a row).
 */
@Singleton
public class OperatorCommands {

    private final CommandLine.IFactory factory;

    public OperatorCommands(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public int run(String... args) {
        CommandLine cli = new CommandLine(EtlCommand.class, factory);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            String command = commandLine.getCommandName();
            if (e instanceof CommandFailure || e instanceof StartupFailure || e instanceof IllegalStateException
                    || e instanceof UncheckedIOException) {
                commandLine.getErr().println(command + ": " + e.getMessage());
            } else if (e instanceof SQLException) {
                commandLine.getErr().println(command + ": the database refused: " + Failures.describe(e));
            } else if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                commandLine.getErr().println(command + ": interrupted");
            } else {
                commandLine.getErr().println(command + ": failed: " + Failures.describe(e));
                e.printStackTrace(commandLine.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }
}
