package io.qfleet.agent.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.util.IPAddress;

/**
 * Host-name matching as TLS clients do it (RFC 6125, section 6.4): names compare without case and
 * without a trailing dot; a wildcard is allowed only as the whole left-most label of a name with at
 * least three labels ({@code *.example.com}) and stands for exactly one non-empty label; partial
 * wildcards ({@code f*.example.com}), which browsers refuse, match nothing. IP addresses never
 * match DNS names or wildcards. Pure functions; an address literal is parsed, never looked up.
 */
final class HostNames {
    private HostNames() {
    }

    /** The address an IP literal stands for ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}), or empty for a DNS name. */
    static Optional<InetAddress> ipLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPAddress.isValidIPv4(bare) && !IPAddress.isValidIPv6(bare)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether a certificate's DNS name (SAN dNSName or, as a fallback, CN) covers a DNS host. */
    static boolean dnsMatches(String pattern, String host) {
        String name = normal(pattern);
        String target = normal(host);
        if (name.isEmpty() || target.isEmpty() || ipLiteral(target).isPresent()) {
            return false;
        }
        if (!name.contains("*")) {
            return name.equals(target);
        }
        if (!name.startsWith("*.") || name.indexOf('*', 1) >= 0) {
            return false; // partial or inner wildcard
        }
        String suffix = name.substring(2);
        if (suffix.indexOf('.') < 0) {
            return false; // *.com would cover a whole top-level domain
        }
        int dot = target.indexOf('.');
        return dot > 0 && target.substring(dot + 1).equals(suffix);
    }

    /** Whether a certificate's IP entry (SAN iPAddress as text, or a CN that is an address) is the host's address. */
    static boolean ipMatches(String entry, InetAddress host) {
        return ipLiteral(entry.trim()).map(address -> address.equals(host)).orElse(false);
    }

    private static String normal(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
