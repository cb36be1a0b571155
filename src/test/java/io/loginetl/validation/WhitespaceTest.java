package io.loginetl.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WhitespaceTest {

    /**
     * The written-out set is Unicode's White_Space, checked against the JDK's own table for every
     * char. If a JDK's Unicode ever moves a character in or out, this fails: following it would
     * change masks, so that is a decision to take, not an upgrade side effect.
     */
    @Test
    void isUnicodeWhiteSpaceForEveryChar() {
        Pattern whiteSpace = Pattern.compile("\\p{IsWhite_Space}");
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            boolean expected = whiteSpace.matcher(String.valueOf((char) c)).matches();
            assertThat(Whitespace.isWhitespace((char) c)).as("U+%04X", c).isEqualTo(expected);
        }
    }

    @Test
    void coversWhatNeitherJdkPredicateCoversAlone() {
        for (char c : new char[] {'\u00A0', '\u2007', '\u202F', '\u0085'}) {
            assertThat(Character.isWhitespace(c)).as("U+%04X", (int) c).isFalse();
            assertThat(Whitespace.isWhitespace(c)).as("U+%04X", (int) c).isTrue();
        }
        for (char c : new char[] {'\t', '\n', '\r'}) {
            assertThat(Character.isSpaceChar(c)).isFalse();
            assertThat(Whitespace.isWhitespace(c)).isTrue();
        }
        for (char c : new char[] {'\u001C', '\u001F', '\u200B', '\uFEFF', '\u0000'}) {
            assertThat(Whitespace.isWhitespace(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void stripsBothEndsOnly() {
        assertThat(Whitespace.strip("\u00A0 4 2\u2003\t")).isEqualTo("4 2");
        assertThat(Whitespace.strip("\u3000\u202F\u2007")).isEmpty();
        assertThat(Whitespace.strip("")).isEmpty();
        assertThat(Whitespace.strip("\uD83D\uDE00 ")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void returnsTheSameStringWhenThereIsNothingToStrip() {
        String ip = new String("199.172.111.135".toCharArray());
        assertThat(Whitespace.strip(ip)).isSameAs(ip);
        String inner = new String("4 2".toCharArray());
        assertThat(Whitespace.strip(inner)).isSameAs(inner);
    }

    @Test
    void blankMeansWhitespaceOnly() {
        assertThat(Whitespace.isBlank("")).isTrue();
        assertThat(Whitespace.isBlank(" \t\u00A0\u3000")).isTrue();
        assertThat(Whitespace.isBlank(" x ")).isFalse();
        assertThat(Whitespace.isBlank("\u200B")).isFalse();
    }
}
