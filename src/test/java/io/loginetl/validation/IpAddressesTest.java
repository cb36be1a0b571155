package io.loginetl.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "199.172.111.135, 199.172.111.135",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:DB8:0:0::1, 2001:db8::1",
        "2001:db8::1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
        "::, ::",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:0:0:0:2:0:0:3, 1::2:0:0:3",             // tie: the first run is compressed
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group stays
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "FE80::ABCD, fe80::abcd",
        "::ffff:1.2.3.4, ::ffff:102:304",          // IPv4-mapped: JDK would make it Inet4Address
        "::FFFF:0102:0304, ::ffff:102:304",
        "::1.2.3.4, ::102:304",                     // IPv4-compatible: no dotted tail either
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void canonicalisesValidLiterals(String input, String expected) {
        assertThat(IpAddresses.canonical(input)).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "", "010.1.1.1", "1.02.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.4.", ".1.2.3.4",
        " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4\u0000", "1.2.3.4%eth0", "fe80::1%eth0",
        "fe80::1%1", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "abcd",
        "\u0661.2.3.4", "\uff11.2.3.4", "1.2.3.\u0664", "::\u0661", "g::1", "localhost",
        "example.com", "0x1.2.3.4", "1.2.3.a", "-1.2.3.4", "[::1]", "::1/128", "::ffff:01.2.3.4",
        "::ffff:1.2.3", "1.2.3.4::", "0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0",
    })
    void rejectsAnythingButPlainLiterals(String input) {
        assertThat(IpAddresses.canonical(input)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(IpAddresses.canonical(null)).isEmpty();
    }

    @Test
    void rejectsLiteralsLongerThanTheLongestPossibleAddress() {
        String tooLong = "0000:0000:0000:0000:0000:0000:0000:0000:0000:0";
        assertThat(tooLong).hasSize(IpAddresses.MAX_LENGTH + 1);
        assertThat(IpAddresses.canonical(tooLong)).isEmpty();
        assertThat(IpAddresses.canonical("1".repeat(100_000))).isEmpty();
    }

    @Test
    void differentSpellingsOfOneAddressShareOneCanonicalForm() {
        assertThat(IpAddresses.canonical("::ffff:1.2.3.4"))
                .isEqualTo(IpAddresses.canonical("0:0:0:0:0:FFFF:0102:0304"))
                .isEqualTo(IpAddresses.canonical("::ffff:102:304"));
    }

    /**
     * IPv4 is checked by our own code, not Guava's: both must agree on every dotted string, valid
     * or not (leading zeros, octets above 255, empty, too many or too few parts).
     */
    @Test
    void dottedStringsAreJudgedAsGuavaJudgesThem() {
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder ip = new StringBuilder();
            int parts = 1 + random.nextInt(5);
            for (int p = 0; p < parts; p++) {
                if (p > 0) {
                    ip.append('.');
                }
                int digits = random.nextInt(5);
                for (int d = 0; d < digits; d++) {
                    ip.append((char) ('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
                }
            }
            String input = ip.toString();
            Optional<String> guava = InetAddresses.isInetAddress(input)
                    ? Optional.of(InetAddresses.toAddrString(InetAddresses.forString(input)))
                    : Optional.empty();
            assertThat(IpAddresses.canonical(input)).as(input).isEqualTo(guava);
        }
    }
}
