package io.loginetl.persist;

import java.time.LocalDate;

/**
 * One {@code user_logins} row, PII already masked; {@code messageId} makes redeliveries idempotent.
 * {@code originals} are the canonical ip and device id the masks were computed from, carried only as
 * far as the writer, which seals them (or drops them when sealing is off); null when there are none.
 */
public record LoginRow(String messageId, String userId, String deviceType, String maskedIp, String maskedDeviceId,
                       String locale, Integer appVersion, LocalDate createDate, Originals originals) {

    /** A row without originals to seal. */
    public LoginRow(String messageId, String userId, String deviceType, String maskedIp, String maskedDeviceId,
                    String locale, Integer appVersion, LocalDate createDate) {
        this(messageId, userId, deviceType, maskedIp, maskedDeviceId, locale, appVersion, createDate, null);
    }

    /** The canonical originals; {@link #toString()} never shows them, so no log line or exception can. */
    public record Originals(String ip, String deviceId) {
        @Override
        public String toString() {
            return "Originals[<redacted>]";
        }
    }
}
