package io.loginetl.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves: one source for both the nanosecond ticks and the queue's instants. */
final class FakeClock {

    private static final Instant EPOCH = Instant.parse("2026-12-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    long nanos() {
        return nanos.get();
    }

    Instant instant() {
        return EPOCH.plusNanos(nanos.get());
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
