package io.loginetl.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller alone, on a fake clock: no threads except where parking is the point. */
class ReceiveConcurrencyTest {

    private static final int ASKED = 10;
    private static final long MS = 1_000_000L;

    private final FakeClock clock = new FakeClock();
    private final ReceiveConcurrency concurrency = new ReceiveConcurrency(2, 64, clock::nanos);

    @Test
    void startsAtTheFloorAndGrowsByOnePerFullReceive() {
        assertThat(concurrency.level()).isEqualTo(2);
        for (int i = 1; i <= 5; i++) {
            concurrency.onReceive(ASKED, ASKED, 20 * MS, true);
            assertThat(concurrency.level()).isEqualTo(2 + i);
        }
    }

    @Test
    void neverAboveTheMaximum() {
        for (int i = 0; i < 500; i++) {
            concurrency.onReceive(ASKED, ASKED, 20 * MS, true);
        }
        assertThat(concurrency.level()).isEqualTo(64);
    }

    @Test
    void emptyAndThinReceivesShrinkItToTheFloorAndNoFurther() {
        grow(10);
        int before = concurrency.level();
        concurrency.onReceive(0, ASKED, 1_000 * MS, true);
        concurrency.onReceive(4, ASKED, 3 * MS, true);
        assertThat(concurrency.level()).isEqualTo(before - 2);
        for (int i = 0; i < 100; i++) {
            concurrency.onReceive(0, ASKED, 20_000 * MS, true);
        }
        assertThat(concurrency.level()).isEqualTo(2);
    }

    @Test
    void aMostlyFullReceiveHoldsTheLevel() {
        grow(6);
        int before = concurrency.level();
        concurrency.onReceive(5, ASKED, 20 * MS, true);
        concurrency.onReceive(9, ASKED, 20 * MS, true);
        assertThat(concurrency.level()).isEqualTo(before);
    }

    /** A full window means the writer or the deletes are behind: more polls would only wait for room. */
    @Test
    void noGrowthWithoutRoomInTheWindow() {
        for (int i = 0; i < 20; i++) {
            concurrency.onReceive(ASKED, ASKED, 20 * MS, false);
        }
        assertThat(concurrency.level()).isEqualTo(2);
    }

    /** Full receives are never a reason to go below the floor: the writer is never starved by the controller. */
    @Test
    void aSaturatedQueueLowersTheLevelOncePerRoundAndNeverBelowTheFloor() {
        grow(20); // baseline: 20 ms
        int top = concurrency.level();
        concurrency.onReceive(ASKED, ASKED, 200 * MS, true); // smoothed: 20 + 0.2 * 180 = 56 ms > 2 * 20 + 1
        assertThat(concurrency.level()).isEqualTo(top - 1);
        for (int i = 0; i < top - 2; i++) {
            concurrency.onReceive(ASKED, ASKED, 200 * MS, true);
        }
        assertThat(concurrency.level()).as("one step per round of level receives").isEqualTo(top - 1);
        for (int i = 0; i < 10_000; i++) {
            concurrency.onReceive(ASKED, ASKED, 200 * MS, true);
        }
        assertThat(concurrency.level()).isEqualTo(2);
    }

    @Test
    void aSlowButSteadyNetworkIsNotSaturation() {
        for (int i = 0; i < 30; i++) {
            concurrency.onReceive(ASKED, ASKED, (50 + i % 5) * MS, true);
        }
        assertThat(concurrency.level()).isEqualTo(32);
    }

    /** The fastest receive is forgotten after two periods: a network that became slower is the new baseline. */
    @Test
    void theBaselineFollowsANetworkThatChanged() {
        grow(4); // baseline 20 ms
        clock.advance(Duration.ofNanos(ReceiveConcurrency.BASELINE_PERIOD_NANOS));
        concurrency.onReceive(ASKED, ASKED, 60 * MS, true); // new period; smoothed climbing past 41 ms
        clock.advance(Duration.ofNanos(ReceiveConcurrency.BASELINE_PERIOD_NANOS));
        for (int i = 0; i < 20; i++) {
            concurrency.onReceive(ASKED, ASKED, 60 * MS, true);
        }
        int settled = concurrency.level();
        concurrency.onReceive(ASKED, ASKED, 60 * MS, true);
        assertThat(concurrency.level()).as("60 ms is the baseline now").isEqualTo(settled + 1);
    }

    @Test
    void receiversAboveTheLevelParkUntilItRises() throws Exception {
        ReceiveConcurrency real = new ReceiveConcurrency(2, 8, System::nanoTime);
        assertThat(real.awaitTurn(2, Duration.ZERO)).isTrue();
        assertThat(real.awaitTurn(3, Duration.ofMillis(20))).isFalse();
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> turn(real, 3, Duration.ofSeconds(30)));
        Thread.sleep(50);
        assertThat(third).isNotDone();
        real.onReceive(ASKED, ASKED, 20 * MS, true);
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void releaseEndsEveryWait() throws Exception {
        ReceiveConcurrency real = new ReceiveConcurrency(2, 8, System::nanoTime);
        CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(() -> turn(real, 8, Duration.ofSeconds(30)));
        Thread.sleep(50);
        real.release();
        assertThat(parked.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(real.released()).isTrue();
        assertThat(real.awaitTurn(1, Duration.ZERO)).as("even a receiver within the level").isFalse();
    }

    @Test
    void aMaximumBelowTheFloorIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReceiveConcurrency(2, 1, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void grow(int steps) {
        for (int i = 0; i < steps; i++) {
            concurrency.onReceive(ASKED, ASKED, 20 * MS, true);
        }
    }

    private static boolean turn(ReceiveConcurrency c, int receiver, Duration wait) {
        try {
            return c.awaitTurn(receiver, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
