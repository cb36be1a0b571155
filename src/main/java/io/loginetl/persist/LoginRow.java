package io.loginetl.persist;

import java.time.LocalDate;

/** One {@code user_logins} row, PII already masked; {@code messageId} makes redeliveries idempotent. */
public record LoginRow(String messageId, String userId, String deviceType, String maskedIp, String maskedDeviceId,
                       String locale, Integer appVersion, LocalDate createDate) {
}
