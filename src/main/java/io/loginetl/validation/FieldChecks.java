package io.loginetl.validation;

import java.util.Optional;

/**
 * Applies the per-field rules to a {@link RawFields}, in {@link Field} order, and builds the
 * {@link LoginEvent}. Rejections carry only the schema field name, never the offending value.
 */
final class FieldChecks {

    // Limits are in code points because that is what PostgreSQL varchar(n) counts.
    static final int USER_ID_MAX = 128;
    static final int DEVICE_ID_MAX = 256;
    static final int DEVICE_TYPE_MAX = 32;
    static final int LOCALE_MAX = 32;

    private FieldChecks() {}

    static ParseResult check(RawFields raw) {
        try {
            String userId = required(raw, Field.USER_ID);
            requireMaxLength(userId, USER_ID_MAX, Field.USER_ID);
            String ip = canonicalIp(requiredStripped(raw, Field.IP));
            String deviceId = requiredStripped(raw, Field.DEVICE_ID);
            requireMaxLength(deviceId, DEVICE_ID_MAX, Field.DEVICE_ID);
            String deviceType = optional(raw, Field.DEVICE_TYPE);
            requireMaxLength(deviceType, DEVICE_TYPE_MAX, Field.DEVICE_TYPE);
            String locale = optional(raw, Field.LOCALE);
            requireMaxLength(locale, LOCALE_MAX, Field.LOCALE);
            Integer appVersion = appVersion(optional(raw, Field.APP_VERSION));
            return new ParseResult.Valid(
                    new LoginEvent(userId, deviceType, ip, deviceId, locale, appVersion));
        } catch (FieldRejected e) {
            return new ParseResult.Invalid(e.rejection);
        }
    }

    /**
     * A required value without the whitespace at its ends ({@link Whitespace}); ip and device id go
     * through this one rule, so whitespace inside is for their own checks to judge.
     */
    private static String requiredStripped(RawFields raw, Field field) {
        return Whitespace.strip(required(raw, field));
    }

    /** Present, and not blank by {@link Whitespace}: one meaning of blank for every required field. */
    private static String required(RawFields raw, Field field) {
        String value = optional(raw, field);
        if (value == null) {
            throw new FieldRejected(RejectReason.MISSING_FIELD, field);
        }
        if (Whitespace.isBlank(value)) {
            throw new FieldRejected(RejectReason.BLANK_FIELD, field);
        }
        return value;
    }

    private static String optional(RawFields raw, Field field) {
        if (raw.isWrongType(field)) {
            throw new FieldRejected(RejectReason.WRONG_TYPE, field);
        }
        String value = raw.string(field);
        // PostgreSQL text cannot store U+0000; catching it here beats a failed INSERT later.
        if (value != null && value.indexOf('\0') >= 0) {
            throw new FieldRejected(RejectReason.NUL_CHARACTER, field);
        }
        // Two device ids differing only in lone surrogates would both encode to '?' and mask equal.
        if (value != null && hasLoneSurrogate(value)) {
            throw new FieldRejected(RejectReason.INVALID_TEXT, field);
        }
        return value;
    }

    private static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void requireMaxLength(String value, int maxCodePoints, Field field) {
        // length() bounds the code point count from above, so most values skip the O(n) count.
        if (value != null
                && value.length() > maxCodePoints
                && value.codePointCount(0, value.length()) > maxCodePoints) {
            throw new FieldRejected(RejectReason.TOO_LONG, field);
        }
    }

    private static String canonicalIp(String ip) {
        Optional<String> canonical = IpAddresses.canonical(ip);
        if (canonical.isEmpty()) {
            throw new FieldRejected(RejectReason.INVALID_IP, Field.IP);
        }
        return canonical.get();
    }

    private static Integer appVersion(String version) {
        if (version == null) {
            return null;
        }
        int encoded = AppVersions.tryEncode(version);
        if (encoded == AppVersions.INVALID) {
            throw new FieldRejected(RejectReason.INVALID_APP_VERSION, Field.APP_VERSION);
        }
        return encoded;
    }

    /**
     * Unwinds {@link #check} at the first failing rule. It is never thrown out of this class, has
     * no message that could carry input, and skips the stack trace so bad input stays cheap.
     */
    private static final class FieldRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final transient Rejection rejection;

        FieldRejected(RejectReason reason, Field field) {
            super(null, null, false, false);
            this.rejection = Rejection.of(reason, field.jsonName);
        }
    }
}
