package io.loginetl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak RSS of another process, read from Linux /proc. Clock ticks are 100 per second
 * on every mainstream Linux build (USER_HZ), so CPU time has 10 ms resolution.
 */
record ProcStats(long cpuMillis, long peakRssKb) {

    private static final long MILLIS_PER_TICK = 10;

    /** Stats of a running process, or null once it has exited. */
    static ProcStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name (which may contain spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new ProcStats(ticks * MILLIS_PER_TICK, hwm);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
