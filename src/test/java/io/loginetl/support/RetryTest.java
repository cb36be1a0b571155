package io.loginetl.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private final Retry retry = new Retry(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void retriesTransientFailuresUntilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = retry.call("op", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new IOException("connection reset");
            }
            return "ok";
        }, e -> e instanceof IOException, () -> true);
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
    }

    @Test
    void givesUpAtOnceOnNonRetryableFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("op", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad request");
        }, e -> e instanceof IOException, () -> true))
                .isInstanceOf(Retry.GaveUpException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after 1 attempt");
        assertThat(calls).hasValue(1);
    }

    @Test
    void stopsRetryingWhenToldToStop() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("op", () -> {
            calls.incrementAndGet();
            throw new IOException("down");
        }, e -> true, () -> calls.get() < 3))
                .isInstanceOf(Retry.GaveUpException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void restoresInterruptFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> retry.call("op", () -> {
            throw new IOException("down");
        }, e -> true, () -> true)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void countsEveryRetriedAttemptNotTheFirstNorTheLast() throws Exception {
        LongAdder retries = new LongAdder();
        AtomicInteger calls = new AtomicInteger();
        retry.counting(retries).call("op", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new IOException("connection reset");
            }
            return "ok";
        }, e -> true, () -> true);
        assertThat(retries.sum()).isEqualTo(3);
    }

    @Test
    void aBackOffCycleIsThePausesFromTheInitialOneToTheBound() {
        assertThat(new Retry(Duration.ofMillis(200), Duration.ofSeconds(10)).cycle()).isEqualTo(Duration.ofMillis(22_600));
        assertThat(new Retry(Duration.ofMillis(200), Duration.ofSeconds(1)).cycle()).isEqualTo(Duration.ofMillis(2_400));
        assertThat(new Retry(Duration.ofSeconds(1), Duration.ofSeconds(1)).cycle()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsNonsenseBounds() {
        assertThatThrownBy(() -> new Retry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
