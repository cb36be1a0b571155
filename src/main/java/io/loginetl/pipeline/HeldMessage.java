package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.validation.RejectReason;

/**
 * A received message while the window holds it, with what the visibility heartbeat needs to know:
 * when its visibility was last set, and whether the queue still honours its receipt handle.
 */
final class HeldMessage {

    private final InboundMessage message;
    private final long receivedAtNanos;
    private volatile long visibleSinceNanos;
    private volatile boolean handleLost;
    private volatile boolean holdExpired;
    private volatile boolean deleting;
    private volatile RejectReason rejectReason;

    HeldMessage(InboundMessage message, long receivedAtNanos) {
        this.message = message;
        this.receivedAtNanos = receivedAtNanos;
        this.visibleSinceNanos = receivedAtNanos;
    }

    InboundMessage message() {
        return message;
    }

    long receivedAtNanos() {
        return receivedAtNanos;
    }

    /** When the queue last started this message's visibility timeout (receive or extension). */
    long visibleSinceNanos() {
        return visibleSinceNanos;
    }

    void extended(long nanos) {
        visibleSinceNanos = nanos;
    }

    /** The queue refused an extension: the message may already be visible to, or received by, another consumer. */
    boolean handleLost() {
        return handleLost;
    }

    void loseHandle() {
        handleLost = true;
    }

    /** Held past the maximum hold time: no more extensions. */
    boolean holdExpired() {
        return holdExpired;
    }

    void expireHold() {
        holdExpired = true;
    }

    /** Its delete is on the way: an extension now would only race it (and be refused once it lands). */
    boolean deleting() {
        return deleting;
    }

    void startDeleting() {
        deleting = true;
    }

    /** Why it was rejected, once its batch committed it as invalid; null for a valid message. */
    RejectReason rejectReason() {
        return rejectReason;
    }

    void rejectedBecause(RejectReason reason) {
        rejectReason = reason;
    }

    /** True while the queue should still be hiding it from everyone else. */
    boolean stillHidden(long nowNanos, long visibilityNanos) {
        return !handleLost && nowNanos - visibleSinceNanos < visibilityNanos;
    }
}
