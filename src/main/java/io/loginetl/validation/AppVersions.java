package io.loginetl.validation;

/**
 * Encodes {@code major[.minor[.patch]]} app versions as one sortable int,
 * {@code major * 1_000_000 + minor * 1_000 + patch}, so "0.96" sorts above "0.9.5" in SQL.
 *
 * <p>Accepted text is {@code ^\d{1,3}(\.\d{1,3}){0,2}$} with ASCII digits only; parsed by hand
 * because this runs for every event and a regex would still need a second pass to split.
 */
public final class AppVersions {

    /** Marker returned by {@link #tryEncode(String)}; no valid version encodes to a negative. */
    static final int INVALID = -1;

    private static final int[] SCALE = {1_000_000, 1_000, 1};
    private static final int MAX_CODE = 999_999_999;

    private AppVersions() {}

    /**
     * Encodes a version such as "3.7" as 3_007_000; missing parts count as 0.
     *
     * @throws IllegalArgumentException if {@code version} is not 1-3 dot-separated groups of
     *     1-3 ASCII digits (the message never contains the input)
     */
    public static int encode(String version) {
        int encoded = tryEncode(version);
        if (encoded == INVALID) {
            throw new IllegalArgumentException(
                    "app version must be 1-3 dot-separated groups of 1-3 ASCII digits");
        }
        return encoded;
    }

    /**
     * Formats an encoded version as {@code major.minor.patch}: {@code decode(3_007_000)} is
     * "3.7.0".
     *
     * @throws IllegalArgumentException if {@code code} is outside 0..999_999_999
     */
    public static String decode(int code) {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("app version code must be within 0..999999999");
        }
        return code / SCALE[0] + "." + code / SCALE[1] % 1_000 + "." + code % 1_000;
    }

    /** Like {@link #encode(String)} but returns {@link #INVALID} instead of throwing. */
    static int tryEncode(String version) {
        if (version == null) {
            return INVALID;
        }
        int encoded = 0;
        int group = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            // Explicit ASCII range: Character.isDigit would also accept e.g. Arabic-Indic digits.
            if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && group < SCALE.length - 1) {
                encoded += value * SCALE[group++];
                value = 0;
                digits = 0;
            } else {
                return INVALID;
            }
        }
        return digits == 0 ? INVALID : encoded + value * SCALE[group];
    }
}
