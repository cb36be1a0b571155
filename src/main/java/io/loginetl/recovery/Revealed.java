package io.loginetl.recovery;

/**
 * One row's originals as a reveal prints them; {@code ip} and {@code deviceId} are null, with
 * {@code note} saying why, when the row has none to open.
 */
public record Revealed(String messageId, String ip, String deviceId, String note) {

    /** Redacted: a revealed row goes to the requester's terminal only, never into a log line. */
    @Override
    public String toString() {
        return "Revealed[" + messageId + ", <redacted>]";
    }
}
