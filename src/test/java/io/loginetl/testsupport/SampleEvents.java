package io.loginetl.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.devinfra.DevQueues;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dev/test sample and what the pipeline must make of it, computed here independently of the
 * production code (plain javax.crypto and hand-written tables), so a test compares against truth
 * rather than against the code under test.
 */
public final class SampleEvents {

    /** The documented dev/test key from application.properties. */
    public static final String DEV_KEY = "dev-only-masking-key-do-not-use-in-production";

    /** RFC 5952 forms of the IPv6 literals the sample uses. */
    public static final Map<String, String> IPV6_CANONICAL = Map.of(
            "2001:db8::1", "2001:db8::1",
            "2001:DB8:0:0:0:0:0:1", "2001:db8::1",
            "fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::8a2e:370:7334",
            "::1", "::1",
            "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1",
            "::ffff:192.0.2.128", "::ffff:c000:280",
            "2606:4700:4700::1111", "2606:4700:4700::1111");

    public static final Map<String, Integer> VERSION_CODES = Map.of(
            "2.3.0", 2_003_000, "3.7", 3_007_000, "0.96", 96_000, "1.0.1", 1_000_001, "2.10.4", 2_010_004,
            "5", 5_000_000, "0.0.1", 1, "3.7.12", 3_007_012, "10.2", 10_002_000, "1.2.3", 1_002_003);

    /** Rejection codes of the three deliberately bad sample lines. */
    public static final List<String> BAD_LINE_REASONS = List.of("missing_field:user_id", "not_json", "invalid_ip:ip");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The masking contract's whitespace, from the JDK's Unicode tables rather than the product's list. */
    private static final Pattern EDGE_WHITESPACE = Pattern.compile("^\\p{IsWhite_Space}+|\\p{IsWhite_Space}+$");

    private SampleEvents() {
    }

    public static List<String> lines() {
        return DevQueues.sampleBodies();
    }

    /** The lines that must become rows, parsed. */
    public static List<JsonNode> validEvents() {
        return lines().stream().map(SampleEvents::parseOrNull)
                .filter(n -> n != null && n.hasNonNull("user_id") && !n.get("ip").asText().startsWith("300."))
                .toList();
    }

    public static List<String> badLines() {
        return lines().stream().filter(l -> {
            JsonNode n = parseOrNull(l);
            return n == null || !n.hasNonNull("user_id") || n.get("ip").asText().startsWith("300.");
        }).toList();
    }

    public static String expectedMaskedIp(String rawIp) {
        return hmac(canonicalIp(rawIp));
    }

    /** The IP as the sample writes it, without the whitespace at its ends and in RFC 5952 form. */
    public static String canonicalIp(String rawIp) {
        String ip = stripped(rawIp);
        return ip.contains(":") ? IPV6_CANONICAL.get(ip) : ip;
    }

    public static String expectedMaskedDeviceId(String rawDeviceId) {
        return hmac(stripped(rawDeviceId));
    }

    /** Without Unicode White_Space at either end, as ip and device_id are before they are masked. */
    public static String stripped(String raw) {
        return EDGE_WHITESPACE.matcher(raw).replaceAll("");
    }

    public static String hmac(String value) {
        return hmac(DEV_KEY, value);
    }

    /** Lowercase hex HMAC-SHA256 of {@code value} under any key: the masks a run with that key must produce. */
    public static String hmac(String key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every raw IP and device id in the sample, of valid and rejected lines alike, without the
     * whitespace at their ends: none may leave the queues. Values too short to be told apart from
     * ordinary text ({@code ::1}) are left out.
     */
    public static List<String> rawPii() {
        return lines().stream().map(SampleEvents::parseOrNull).filter(n -> n != null)
                .flatMap(n -> java.util.stream.Stream.of(n.get("ip"), n.get("device_id")))
                .filter(value -> value != null && value.isTextual())
                .map(value -> stripped(value.asText()))
                .filter(value -> value.length() >= 7)
                .distinct().toList();
    }

    private static JsonNode parseOrNull(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }
}
