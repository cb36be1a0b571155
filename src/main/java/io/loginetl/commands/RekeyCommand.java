package io.loginetl.commands;

import io.loginetl.recovery.RecoveryKeys;
import io.loginetl.recovery.Rekey;
import io.loginetl.sealing.Opener;
import jakarta.enterprise.inject.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/** Moves every row to the current fingerprint and sealing keys, batch by batch; safe to kill and rerun. */
@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = "After a key rotation: re-fingerprint and re-seal rows from their sealed originals.")
public class RekeyCommand implements Callable<Integer> {

    @Option(names = "--batch-size", defaultValue = "500", description = "Rows per transaction (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--pause-millis", defaultValue = "0",
            description = "Pause between batches, to go easy on a busy database (default ${DEFAULT-VALUE}).")
    long pauseMillis;

    @Mixin
    AuditOptions audit;

    private final Instance<Rekey> rekeys;
    private final RecoveryKeys keys;
    private final CommandStart start;

    public RekeyCommand(Instance<Rekey> rekeys, RecoveryKeys keys, CommandStart start) {
        this.rekeys = rekeys;
        this.keys = keys;
        this.start = start;
    }

    @Override
    public Integer call() throws SQLException, InterruptedException {
        var request = audit.request();
        if (batchSize < 1 || batchSize > 10_000 || pauseMillis < 0) {
            throw new ParameterException(audit.spec.commandLine(),
                    "--batch-size must be 1-10000 and --pause-millis at least 0");
        }
        var privateKeyset = keys.privateKeyset("rekey");
        var opener = new Opener(privateKeyset);
        var sealer = keys.currentSealer(privateKeyset);
        Rekey rekey = rekeys.get(); // its settings are checked before the database is touched
        start.awaitDatabase();
        long started = System.nanoTime();
        Rekey.Summary s = rekey.run(opener, sealer, batchSize, pauseMillis, request,
                p -> System.err.printf("rekey: %d rows re-keyed (%d batches)%n", p.rekeyed(), p.batches()));
        System.out.printf("rekeyed: rows=%d batches=%d unopenable=%d unsealed-old-key=%d in %.1fs%n", s.rekeyed(), s.batches(),
                s.unopenable(), s.unsealed(), (System.nanoTime() - started) / 1e9);
        if (s.unsealed() > 0) {
            System.err.printf("rekey: %d row(s) under an old fingerprint key have no sealed originals (stored before sealing);"
                    + " keep their key in ETL_MASKING_PREVIOUS_KEYS or erase them%n", s.unsealed());
        }
        if (s.unopenable() > 0) {
            System.err.printf("rekey: %d row(s) did not open: sealed under a key ETL_SEALING_PRIVATE_KEYSET lacks%n", s.unopenable());
            return 1;
        }
        return 0;
    }
}
