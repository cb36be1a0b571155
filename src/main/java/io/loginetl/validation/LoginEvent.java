package io.loginetl.validation;

/**
 * A login event that passed validation.
 *
 * <p>{@code canonicalIp} and {@code canonicalDeviceId} are already in canonical form, so equal
 * addresses or devices written differently mask to the same HMAC. {@code appVersion} is encoded
 * with {@link AppVersions#encode(String)} so it sorts numerically in the database.
 *
 * @param userId            user id exactly as received
 * @param deviceType        device type as received, or {@code null}
 * @param canonicalIp       output of {@link IpAddresses#canonical(String)} for the ip without the
 *                          whitespace at its ends ({@link Whitespace})
 * @param canonicalDeviceId device id without the whitespace at its ends ({@link Whitespace})
 * @param locale            locale as received, or {@code null}
 * @param appVersion        encoded app version, or {@code null} when absent
 */
public record LoginEvent(
        String userId,
        String deviceType,
        String canonicalIp,
        String canonicalDeviceId,
        String locale,
        Integer appVersion) {}
