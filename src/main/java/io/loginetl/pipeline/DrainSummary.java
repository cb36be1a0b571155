package io.loginetl.pipeline;

import java.time.Duration;
import java.util.Locale;

/** The one line a drain run ends with; scripts and Job logs parse it. */
public record DrainSummary(long stored, long duplicates, long rejected, Duration elapsed, boolean complete) {

    public String line() {
        return String.format(Locale.ROOT, "%s: stored=%d duplicates=%d rejected=%d in %.1fs",
                complete ? "drained" : "stopped before the queue was drained",
                stored, duplicates, rejected, elapsed.toMillis() / 1000.0);
    }
}
