package io.loginetl.validation;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Canonicalises IP address literals so that one address always masks to one HMAC.
 *
 * <p>IPv4 becomes a plain dotted quad; IPv6 becomes RFC 5952 text (lowercase, no leading zeros,
 * longest zero run as {@code ::}) and is never written with an embedded IPv4 tail. IPv6 parsing is
 * Guava's {@link InetAddresses}, which is a pure literal parser: it never does DNS lookups; IPv4 is
 * checked here, by Guava's rules (decimal octets, no leading zeros).
 */
public final class IpAddresses {

    /** Longest literal we accept: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255". */
    static final int MAX_LENGTH = 45;

    private static final int IPV6_BYTES = 16;

    private IpAddresses() {}

    /** The canonical text of {@code ip}, or empty if it is not a plain IPv4/IPv6 literal. */
    public static Optional<String> canonical(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > MAX_LENGTH || !hasOnlyLiteralChars(ip)) {
            return Optional.empty();
        }
        if (ip.indexOf(':') < 0) {
            return isDottedQuad(ip) ? Optional.of(ip) : Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddresses.forString(ip);
        } catch (IllegalArgumentException e) {
            // Guava's message quotes the input; drop it so the address cannot leak into logs.
            return Optional.empty();
        }
        return Optional.of(InetAddresses.toAddrString(asIpv6(address.getAddress())));
    }

    /**
     * Four decimal octets of at most 255, without leading zeros (which some parsers read as
     * octal), so a valid IPv4 literal already is its canonical text: the hot path takes it as it is
     * instead of parsing it into an InetAddress and printing it back.
     */
    private static boolean isDottedQuad(String ip) {
        int octets = 0;
        int start = 0;
        while (start <= ip.length()) {
            int end = ip.indexOf('.', start);
            if (end < 0) {
                end = ip.length();
            }
            int length = end - start;
            if (++octets > 4 || length < 1 || length > 3 || (length > 1 && ip.charAt(start) == '0')) {
                return false;
            }
            int value = 0;
            for (int i = start; i < end; i++) {
                char c = ip.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return false;
            }
            start = end + 1;
        }
        return octets == 4;
    }

    /**
     * Guava's character checks use Character.digit, which accepts non-ASCII digits, and it allows
     * '%' zone ids; an ASCII whitelist rules both out (and whitespace) before parsing.
     */
    private static boolean hasOnlyLiteralChars(String ip) {
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')
                    || c == ':'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The JDK turns IPv4-mapped IPv6 ("::ffff:1.2.3.4") into an Inet4Address. Rebuilding the 16
     * bytes keeps the IPv6 spelling, so the same mapped address always yields the same text.
     */
    private static Inet6Address asIpv6(byte[] bytes) {
        byte[] v6 = bytes;
        if (bytes.length != IPV6_BYTES) {
            v6 = new byte[IPV6_BYTES];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, v6, 12, bytes.length);
        }
        try {
            // A negative scope id means "no scope", so toAddrString appends no "%zone".
            return Inet6Address.getByAddress(null, v6, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("JDK rejected a 16-byte IPv6 address", e);
        }
    }
}
