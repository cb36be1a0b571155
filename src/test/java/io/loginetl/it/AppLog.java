package io.loginetl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the counters a packaged application logs about itself, e.g. {@code Pipeline stopped: received=101 stored=101 ...}. */
final class AppLog {

    private static final Pattern COUNTER = Pattern.compile("([a-z][a-z-]*)=(\\d+)");

    private AppLog() {
    }

    /**
     * The {@code name=number} pairs after {@code marker} on the last line that has it; empty if none does.
     * Pairs only, in any order, so that counters the process adds later do not break the test.
     */
    static Map<String, Long> counters(Path log, String marker) throws IOException {
        List<String> lines = Files.readAllLines(log);
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = lines.size() - 1; i >= 0 && counters.isEmpty(); i--) {
            int at = lines.get(i).indexOf(marker);
            if (at >= 0) {
                Matcher m = COUNTER.matcher(lines.get(i).substring(at + marker.length()));
                while (m.find()) {
                    counters.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
        }
        return counters;
    }

    /**
     * The log's ERROR lines and their "Caused by" lines, at most {@code max}: put in an assertion's
     * description, CI's report says why an instance failed without the log file it does not keep.
     */
    static String errors(Path log, int max) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(line -> line.contains(" ERROR ") || line.startsWith("Caused by: "))
                .limit(max)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
