package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything that can be proven about TLS material on the host before QuestDB is stopped: the key
 * belongs to the leaf, the chain is in order, no certificate is expired, not yet valid or expiring
 * within the window, the leaf's names cover the host address clients use, and its key usage allows
 * a server. Pure apart from the clock; each check reports on its own, so one run lists every fix.
 */
public final class TlsChecks {
    private TlsChecks() {
    }

    /**
     * Every finding, blocking ones and warnings ({@link TlsProblem#blocking()}); empty when all pass.
     *
     * @param hostAddress the name or IP address clients connect to, as written in the fleet file
     * @param expiryWindow how long every certificate must stay valid from now, e.g. 30 days
     */
    public static List<TlsProblem> check(TlsMaterial material, String hostAddress, Clock clock, Duration expiryWindow) {
        requireNonNull(material, "material");
        requireNonNull(hostAddress, "hostAddress");
        requireNonNull(clock, "clock");
        requireNonNull(expiryWindow, "expiryWindow");
        if (hostAddress.isBlank()) {
            throw AgentException.invalidArgument("missing_field", "host address is required to check the certificate's names");
        }
        if (expiryWindow.isNegative()) {
            throw AgentException.invalidArgument("bad_value", "expiry window: " + expiryWindow + " (expected: >= 0)");
        }
        List<TlsProblem> problems = new ArrayList<>();
        KeyPairCheck.check(material).ifPresent(problems::add);
        ChainCheck.check(material).ifPresent(problems::add);
        problems.addAll(ValidityCheck.check(material, clock.instant(), expiryWindow));
        HostNameCheck.check(material.leaf(), hostAddress).ifPresent(problems::add);
        UsageCheck.check(material.leaf()).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    /**
     * Runs {@link #check} and throws INVALID_ARGUMENT {@code tls_invalid} listing every blocking
     * finding in one line; otherwise returns the warnings (possibly none) for the operator.
     */
    public static List<TlsProblem> requireValid(TlsMaterial material, String hostAddress, Clock clock, Duration expiryWindow) {
        List<TlsProblem> problems = check(material, hostAddress, clock, expiryWindow);
        List<TlsProblem> blocking = problems.stream().filter(TlsProblem::blocking).toList();
        if (!blocking.isEmpty()) {
            throw AgentException.invalidArgument("tls_invalid", "TLS material for " + CertificateLabel.oneLine(hostAddress) + " (cert "
                    + material.certFile() + ", key " + material.keyFile() + ") fails " + blocking.size()
                    + (blocking.size() == 1 ? " check: " : " checks: ")
                    + blocking.stream().map(TlsProblem::toString).collect(Collectors.joining("; ")));
        }
        return problems;
    }
}
