package io.loginetl.metrics;

import io.loginetl.ingest.MessageQueue.QueueDepth;

/**
 * Whether a queue-depth sample is due: at every interval while messages flow, at every
 * {@value #IDLE_EVERY}th while the queue is idle, meaning the last sample found the source queue
 * empty (nothing visible, nothing in flight) and the receivers have received nothing since. Then
 * the counts can only change by messages arriving, which the receivers see first; the next tick
 * after one is received samples again. An idle service's bill is then its receivers' long polls
 * and two attribute calls per {@value #IDLE_EVERY} intervals.
 */
final class IdleBackoff {

    static final int IDLE_EVERY = 10;

    private long receivedAtLastSample = -1;
    private int skipped;

    /** {@code received}: messages received so far; {@code last}: the last sample, null before the first. */
    synchronized boolean due(long received, QueueDepth last) {
        boolean idle = last != null && last.visible() == 0 && last.inFlight() == 0 && received == receivedAtLastSample;
        if (idle && ++skipped < IDLE_EVERY) {
            return false;
        }
        skipped = 0;
        receivedAtLastSample = received;
        return true;
    }
}
