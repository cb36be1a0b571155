package io.loginetl.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The executable's operator commands. Without arguments the executable runs the pipeline
 * ({@code LoginEtlMain}) and never gets here. Picocli builds every subcommand for any invocation,
 * even {@code --help}: so a command takes the collaborators that need settings (the fingerprint key,
 * the database) as an {@code Instance}, resolved only when that command runs, and {@code keygen}
 * or {@code --help} need none of them.
 */
@Command(name = "login-etl", mixinStandardHelpOptions = true,
        description = "Without arguments: run the pipeline (ETL_MODE). With a command: an operator task that never starts it.",
        subcommands = {KeygenCommand.class, RevealCommand.class, LookupCommand.class, RekeyCommand.class, EraseCommand.class})
public class EtlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
