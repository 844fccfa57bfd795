package io.qfleet.agent.tls;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether the leaf's names cover the address clients use: SAN dNSName entries for a DNS name
 * (wildcards per {@link HostNames}), SAN iPAddress entries for an IP address. The subject CN counts
 * only when the leaf has no DNS or IP SAN at all, and then as a warning: libpq and pgjdbc still fall
 * back to it, browsers, Go, curl's newer TLS stacks and most HTTP clients ignore it.
 */
final class HostNameCheck {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameCheck() {
    }

    static Optional<TlsProblem> check(X509Certificate leaf, String host) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> entry : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS) {
                    dnsNames.add(CertificateLabel.oneLine((String) entry.get(1)));
                } else if (type == SAN_IP) {
                    ipAddresses.add((String) entry.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            return problem(TlsProblem.Check.NAME_MISMATCH, "leaf certificate " + CertificateLabel.of(leaf)
                    + " has a subjectAltName extension that cannot be parsed");
        }
        Optional<InetAddress> address = HostNames.ipLiteral(host.trim());
        boolean covered = address.isPresent()
                ? ipAddresses.stream().anyMatch(ip -> HostNames.ipMatches(ip, address.get()))
                : dnsNames.stream().anyMatch(name -> HostNames.dnsMatches(name, host));
        if (covered) {
            return Optional.empty();
        }
        String label = "leaf certificate " + CertificateLabel.of(leaf);
        String shown = CertificateLabel.oneLine(host);
        if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
            return problem(TlsProblem.Check.NAME_MISMATCH, label + " does not cover " + shown + ": SAN DNS " + dnsNames
                    + ", SAN IP " + ipAddresses + (address.isPresent()
                            ? "; an IP address needs a SAN IP entry (a DNS entry naming it does not count)"
                            : "; a wildcard covers exactly one left-most label"));
        }
        List<String> commonNames = commonNames(leaf);
        boolean byCn = commonNames.stream().anyMatch(cn -> address.isPresent()
                ? HostNames.ipMatches(cn, address.get())
                : HostNames.dnsMatches(cn, host));
        if (byCn) {
            return problem(TlsProblem.Check.NAME_BY_CN_ONLY, label + " covers " + shown
                    + " only by its subject CN, without subjectAltName: PG clients (libpq, pgjdbc) accept it, browsers and most HTTP clients refuse it");
        }
        return problem(TlsProblem.Check.NAME_MISMATCH, label + " does not cover " + shown
                + ": no subjectAltName, and no subject CN names it (CN " + commonNames + ")");
    }

    private static List<String> commonNames(X509Certificate leaf) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        List<String> names = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            names.add(CertificateLabel.oneLine(IETFUtils.valueToString(rdn.getFirst().getValue())));
        }
        return names;
    }

    private static Optional<TlsProblem> problem(TlsProblem.Check check, String message) {
        return Optional.of(new TlsProblem(check, message));
    }
}
