package io.loginetl.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, the part of it spent by HotSpot's JIT compiler threads, and peak RSS of another
 * process, read from Linux /proc. Clock ticks are 100 per second on every mainstream Linux build
 * (USER_HZ), so CPU time has 10 ms resolution. The JIT share is what a drain of a few hundred
 * thousand messages still pays for warming up; a long-running JVM (or a native executable) does not.
 * Context switches (voluntary and not, summed over the live threads) count wake-ups: unlike CPU
 * time they hardly depend on what else the machine runs, so they tell a change in how threads hand
 * work to each other apart from noise.
 */
record ProcStats(long cpuMillis, long jitMillis, long peakRssKb, long contextSwitches) {

    private static final long MILLIS_PER_TICK = 10;

    /** Stats of a running process, or null once it has exited. */
    static ProcStats of(long pid) {
        try {
            long hwm = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            long jitTicks = 0, switches = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks) {
                    // "C1 CompilerThre", "C2 CompilerThre": thread names are cut to 15 characters.
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        jitTicks += ticks(task.resolve("stat"));
                    }
                    switches += contextSwitches(task.resolve("status"));
                }
            }
            return new ProcStats(ticks(Path.of("/proc/" + pid + "/stat")) * MILLIS_PER_TICK,
                    jitTicks * MILLIS_PER_TICK, hwm, switches);
        } catch (IOException | RuntimeException gone) {
            return null; // also a thread that ended between listing and reading: the next sample counts it
        }
    }

    /**
     * CPU of every PostgreSQL process on the machine: the live ones' own time plus what the
     * postmaster collected from backends that have exited (cutime + cstime). An idle server beside
     * the embedded one adds next to nothing to a difference over a drain.
     */
    static long postgresCpuMillis() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    if (Files.readString(process.resolve("comm")).strip().equals("postgres")) {
                        String[] fields = statFields(process.resolve("stat"));
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12])  // utime + stime
                                + Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // cutime + cstime
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited between listing and reading: the postmaster's cutime now holds it
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * MILLIS_PER_TICK;
    }

    /** voluntary_ctxt_switches + nonvoluntary_ctxt_switches of one thread. */
    private static long contextSwitches(Path status) throws IOException {
        long switches = 0;
        for (String line : Files.readAllLines(status)) {
            if (line.contains("ctxt_switches:")) {
                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return switches;
    }

    /** utime + stime. */
    private static long ticks(Path stat) throws IOException {
        String[] fields = statFields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The fields after the command name, which may contain spaces: they start after the last ')'. */
    private static String[] statFields(Path stat) throws IOException {
        String text = Files.readString(stat);
        return text.substring(text.lastIndexOf(')') + 2).split(" ");
    }
}
