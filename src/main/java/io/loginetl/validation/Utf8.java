package io.loginetl.validation;

/** UTF-8 size checks that neither allocate nor encode, for the per-message size limit. */
final class Utf8 {

    private Utf8() {}

    /** Whether {@code text} needs more than {@code maxBytes} bytes in UTF-8. */
    static boolean exceeds(String text, int maxBytes) {
        int chars = text.length();
        // A char never needs more than 3 bytes (a surrogate pair is 2 chars for 4 bytes), and
        // never fewer than 1: most bodies are decided here without looking at their content.
        if ((long) chars * 3 <= maxBytes) {
            return false;
        }
        if (chars > maxBytes) {
            return true;
        }
        return encodedLength(text, maxBytes) > maxBytes;
    }

    /** UTF-8 length of {@code text}, stopping early once it exceeds {@code limit}. */
    private static long encodedLength(String text, int limit) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // rest of the BMP; a lone surrogate is counted pessimistically too
            }
        }
        return bytes;
    }
}
