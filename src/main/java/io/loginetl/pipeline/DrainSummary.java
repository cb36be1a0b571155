package io.loginetl.pipeline;

import java.time.Duration;
import java.util.Locale;

/**
 * The one line a drain run ends with; scripts and Job logs parse it. {@code leftInFlight}: messages
 * the queue still reported in flight, held by no one here, after waiting one visibility timeout.
 */
public record DrainSummary(long stored, long duplicates, long rejected, long leftInFlight, Duration elapsed,
                           boolean complete) {

    public String line() {
        String line = String.format(Locale.ROOT, "%s: stored=%d duplicates=%d rejected=%d in %.1fs",
                complete ? "drained" : "stopped before the queue was drained",
                stored, duplicates, rejected, elapsed.toMillis() / 1000.0);
        return leftInFlight == 0 ? line : line + String.format(Locale.ROOT,
                " (left-in-flight=%d: the queue still reports them received, by another consumer)", leftInFlight);
    }
}
