package io.loginetl.validation;

/**
 * The one whitespace rule of the validator: {@code ip} and {@code device_id} lose whitespace at both
 * ends before they are checked and masked, and a required field holding nothing else is blank.
 *
 * <p>Whitespace is Unicode's White_Space property (PropList.txt): tab, LF, VT, FF, CR, space, NEL
 * (U+0085), the no-break spaces U+00A0, U+2007 and U+202F, U+1680, U+2000–U+200A, U+2028, U+2029,
 * U+205F and U+3000. Neither JDK predicate is that set: {@link Character#isWhitespace} (behind
 * {@link String#strip} and {@link String#isBlank}) leaves out the no-break spaces, so a device id
 * padded with U+00A0 kept it and masked differently from the bare id; {@link Character#isSpaceChar}
 * leaves out tab, CR and LF, which every device id lost before. The set is written out here instead
 * of asked of the JDK because a mask must not change when a JDK update brings new Unicode tables;
 * WhitespaceTest holds it to the JDK's {@code \p{IsWhite_Space}} so a change is noticed and decided.
 * Zero-width characters (U+200B, U+FEFF) are not whitespace and stay.
 */
final class Whitespace {

    private Whitespace() {}

    static boolean isWhitespace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        if (c < '\u0085') {
            return false; // printable ASCII and DEL: nearly every character of a login event
        }
        return c == '\u0085' || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    /**
     * {@code value} without whitespace at either end; {@code value} itself (no copy) when it has none
     * there, which keeps the IPv4 fast path free of allocations. Every White_Space character is in
     * the BMP, so a surrogate is never whitespace and pairs are never split.
     */
    static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == value.length() ? value : value.substring(start, end);
    }

    /** Empty, or whitespace only. */
    static boolean isBlank(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
