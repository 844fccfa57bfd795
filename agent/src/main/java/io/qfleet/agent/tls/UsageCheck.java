package io.qfleet.agent.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Whether the leaf may serve TLS: when it has an extended key usage, that lists serverAuth (or
 * anyExtendedKeyUsage); when it has a key usage, that allows digitalSignature (TLS 1.3, ECDHE) or
 * keyEncipherment (TLS 1.2 RSA key exchange). Without either extension any use is allowed.
 */
final class UsageCheck {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;

    private UsageCheck() {
    }

    static Optional<TlsProblem> check(X509Certificate leaf) {
        String label = "leaf certificate " + CertificateLabel.of(leaf);
        List<String> extendedUsage;
        try {
            extendedUsage = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return problem(label + " has an extendedKeyUsage extension that cannot be parsed");
        }
        if (extendedUsage != null && !extendedUsage.contains(SERVER_AUTH) && !extendedUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            return problem(label + " has an extendedKeyUsage without serverAuth (" + SERVER_AUTH + "), so clients refuse it"
                    + " for a server; it lists " + extendedUsage);
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !bit(keyUsage, DIGITAL_SIGNATURE) && !bit(keyUsage, KEY_ENCIPHERMENT)) {
            return problem(label + " has a keyUsage allowing neither digitalSignature nor keyEncipherment, so it cannot serve TLS");
        }
        return Optional.empty();
    }

    private static boolean bit(boolean[] bits, int index) {
        return index < bits.length && bits[index];
    }

    private static Optional<TlsProblem> problem(String message) {
        return Optional.of(new TlsProblem(TlsProblem.Check.KEY_USAGE, message));
    }
}
