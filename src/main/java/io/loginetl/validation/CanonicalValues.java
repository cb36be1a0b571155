package io.loginetl.validation;

import java.util.Optional;

/**
 * The canonical forms the parser masks, for values that come from elsewhere (an operator's look-up):
 * the same whitespace rule and the same IP canonicalisation, so a look-up masks a value exactly as
 * the pipeline did.
 */
public final class CanonicalValues {

    private CanonicalValues() {
    }

    /** The canonical ip, or empty when it is not an IPv4/IPv6 literal. */
    public static Optional<String> ip(String raw) {
        return IpAddresses.canonical(Whitespace.strip(raw));
    }

    /** The device id without whitespace at its ends, or empty when nothing is left. */
    public static Optional<String> deviceId(String raw) {
        String stripped = Whitespace.strip(raw);
        return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
    }
}
