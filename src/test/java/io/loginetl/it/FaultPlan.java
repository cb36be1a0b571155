package io.loginetl.it;

import io.loginetl.it.FaultyHttpProxy.Fault;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which request {@link FaultyHttpProxy} breaks, and how. Each SQS action's requests are counted apart and
 * cut into windows of {@code period}; exactly one request per window, at a position drawn from the seed,
 * gets a fault, and the kind rotates through {@code kinds} from one window to the next. So the rate is
 * exactly 1/period on every action, every kind turns up on every busy action, and the fate of an action's
 * n-th request is fixed by the seed whatever the threads' interleaving. Stalls hold a client thread for a
 * socket timeout each: after {@code maxStalls} of them a stall turn passes the request through.
 */
final class FaultPlan {

    private final long seed;
    private final int period;
    private final List<Fault> kinds;
    private final int maxStalls;
    private final AtomicInteger stalls = new AtomicInteger();

    FaultPlan(long seed, int period, List<Fault> kinds, int maxStalls) {
        this.seed = seed;
        this.period = period;
        this.kinds = List.copyOf(kinds);
        this.maxStalls = maxStalls;
    }

    /** Never a fault: a proxy that only delays or counts. */
    static FaultPlan none() {
        return new FaultPlan(0, 1, List.of(Fault.NONE), 0);
    }

    /** @param nth how many requests of {@code action} came before this one */
    Fault decide(String action, int nth) {
        int window = nth / period;
        long actionSeed = seed * 1_000_003L + action.hashCode();
        if (new Random(actionSeed * 31 + window).nextInt(period) != nth % period) {
            return Fault.NONE;
        }
        Fault kind = kinds.get(Math.floorMod(window + action.hashCode(), kinds.size()));
        if (kind == Fault.STALL && stalls.incrementAndGet() > maxStalls) {
            return Fault.NONE;
        }
        return kind;
    }
}
