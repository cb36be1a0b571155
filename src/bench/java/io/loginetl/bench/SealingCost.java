package io.loginetl.bench;

import io.loginetl.sealing.Column;
import io.loginetl.sealing.SealBatch;
import io.loginetl.sealing.Sealer;
import io.loginetl.sealing.SealingKeysets;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What sealing adds to the writer, alone: one thread seals the ip and device id of 1,000-row batches
 * with the dev public keyset and reports its own CPU per row, in rounds (the first ones warm up).
 * The end-to-end comparison is {@code BENCH_SEALING=both scripts/benchmark.sh}; this isolates the part
 * that a loaded machine's noise hides there. Usage: after {@code scripts/benchmark.sh} has compiled
 * the bench classes, {@code java -cp <its class path> io.loginetl.bench.SealingCost [rounds=6]}.
 */
public final class SealingCost {

    private static final int ROWS = 1000;
    private static final int BATCHES = 1000;

    private SealingCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Sealer sealer = new Sealer(Optional.of(SealingKeysets.readPublic(Path.of("deploy/dev-keys/dev-only-public-keyset.json"), "dev")));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] ids = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            ids[i] = UUID.randomUUID().toString();
        }
        long bytes = 0;
        for (int round = 1; round <= rounds; round++) {
            long started = cpu.getCurrentThreadCpuTime();
            for (int b = 0; b < BATCHES; b++) {
                SealBatch batch = sealer.newBatch();
                for (int i = 0; i < ROWS; i++) {
                    bytes += batch.seal(Column.IP, ids[i], "203.0.113." + (i & 255)).length;
                    bytes += batch.seal(Column.DEVICE_ID, ids[i], "563-81-5013").length;
                }
            }
            double perRowMicros = (cpu.getCurrentThreadCpuTime() - started) / 1000.0 / ((double) BATCHES * ROWS);
            System.out.printf(Locale.ROOT, "round %d/%d: %.3f us CPU per row (both values, %d-row batches)%n",
                    round, rounds, perRowMicros, ROWS);
        }
        System.out.printf(Locale.ROOT, "sealed %d bytes%n", bytes);
    }
}
