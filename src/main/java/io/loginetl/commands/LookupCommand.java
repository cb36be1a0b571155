package io.loginetl.commands;

import io.loginetl.recovery.Lookup;
import io.loginetl.validation.CanonicalValues;
import jakarta.enterprise.inject.Instance;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

/** Which rows hold a raw ip or device id, under every valid fingerprint key; audited, the value never stored. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Find the rows (message id, user id) that hold a raw ip or device id.")
public class LookupCommand implements Callable<Integer> {

    static class Which {
        @Option(names = "--ip", paramLabel = "IP", required = true, description = "An IPv4 or IPv6 literal; '-' reads it from standard input.")
        String ip;

        @Option(names = "--device-id", paramLabel = "ID", required = true, description = "A device id; '-' reads it from standard input.")
        String deviceId;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Mixin
    AuditOptions audit;

    private final Instance<Lookup> lookups;
    private final CommandStart start;

    public LookupCommand(Instance<Lookup> lookups, CommandStart start) {
        this.lookups = lookups;
        this.start = start;
    }

    @Override
    public Integer call() throws SQLException, InterruptedException {
        var request = audit.request();
        Lookup.Field field = which.ip != null ? Lookup.Field.IP : Lookup.Field.DEVICE_ID;
        // The value is never echoed, not even in an error: it is the personal data being asked about.
        String canonical = (field == Lookup.Field.IP ? CanonicalValues.ip(SecretInput.resolve(which.ip))
                : CanonicalValues.deviceId(SecretInput.resolve(which.deviceId)))
                .orElseThrow(() -> new ParameterException(spec.commandLine(), field == Lookup.Field.IP
                        ? "--ip is not an IPv4 or IPv6 literal" : "--device-id is blank"));
        Lookup lookup = lookups.get(); // its settings are checked before the database is touched
        start.awaitDatabase();
        List<Lookup.Found> found = lookup.lookup(field, canonical, request);
        for (Lookup.Found f : found) {
            JsonLines.print(System.out, "message_id", f.messageId(), "user_id", f.userId(), "mask_key_id", f.maskKeyId());
        }
        System.err.printf("lookup: %d row(s) under %d valid fingerprint key(s), recorded in etl_pii_access%n",
                found.size(), lookup.validKeys());
        return 0;
    }
}
