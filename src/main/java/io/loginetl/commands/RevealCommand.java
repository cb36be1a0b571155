package io.loginetl.commands;

import io.loginetl.recovery.RecoveryKeys;
import io.loginetl.recovery.Reveal;
import io.loginetl.recovery.Revealed;
import jakarta.enterprise.inject.Instance;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Prints the canonical originals of chosen rows, one JSON line each; audited in the same transaction as the read. */
@Command(name = "reveal", mixinStandardHelpOptions = true,
        description = "Open the sealed ip and device id of chosen rows (needs ETL_SEALING_PRIVATE_KEYSET).")
public class RevealCommand implements Callable<Integer> {

    static class Which {
        @Option(names = "--message-id", paramLabel = "ID", required = true, description = "A row by its SQS message id (repeatable).")
        List<String> messageIds;

        @Option(names = "--masked-ip", paramLabel = "HEX", required = true, description = "Every row with this masked_ip.")
        String maskedIp;

        @Option(names = "--masked-device-id", paramLabel = "HEX", required = true, description = "Every row with this masked_device_id.")
        String maskedDeviceId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Mixin
    AuditOptions audit;

    private final Instance<Reveal> reveals;
    private final RecoveryKeys keys;
    private final CommandStart start;

    public RevealCommand(Instance<Reveal> reveals, RecoveryKeys keys, CommandStart start) {
        this.reveals = reveals;
        this.keys = keys;
        this.start = start;
    }

    @Override
    public Integer call() throws SQLException, InterruptedException {
        var request = audit.request();
        var opener = keys.opener("reveal");
        Reveal reveal = reveals.get(); // its settings are checked before the database is touched
        start.awaitDatabase();
        Reveal.Selection selection = which.messageIds != null ? new Reveal.Selection.MessageIds(List.copyOf(new LinkedHashSet<>(which.messageIds)))
                : which.maskedIp != null ? new Reveal.Selection.MaskedIp(which.maskedIp)
                : new Reveal.Selection.MaskedDeviceId(which.maskedDeviceId);
        List<Revealed> rows = reveal.reveal(selection, opener, request);
        int unopened = 0;
        for (Revealed r : rows) {
            if (r.note() == null) {
                JsonLines.print(System.out, "message_id", r.messageId(), "ip", r.ip(), "device_id", r.deviceId());
            } else {
                JsonLines.print(System.out, "message_id", r.messageId(), "ip", null, "device_id", null, "note", r.note());
                unopened += r.note().startsWith("does not open") ? 1 : 0;
            }
        }
        if (which.messageIds != null) {
            Set<String> missing = new LinkedHashSet<>(which.messageIds);
            rows.forEach(r -> missing.remove(r.messageId()));
            if (!missing.isEmpty()) {
                System.err.println("reveal: no row for message id(s) " + String.join(", ", missing));
            }
        }
        System.err.printf("reveal: %d row(s), recorded in etl_pii_access%n", rows.size());
        return unopened == 0 ? 0 : 1;
    }
}
