package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.AgentsDocument;
import io.qfleet.coordinator.pki.SubjectNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the {@code agents} section: mTLS material and a token by reference, or an explicit
 * {@code plaintext: true} that only loopback agents may use.
 */
final class AgentAccessValidator {
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
    private static final String EXPECTED = "expected keys: ca, client_cert, client_key, token; or plaintext: true for "
            + "loopback dev agents";

    private final Path baseDir;
    private final Problems problems;

    AgentAccessValidator(Path baseDir, Problems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    AgentAccess agents(AgentsDocument agents, KeyPath path, List<HostEntry> hosts) {
        if (agents == null) {
            throw problems.at(KeyPath.ROOT, "missing key 'agents' (how to reach the agents: " + EXPECTED
                    + "; see qfleet pki)");
        }
        String token = agents.token() == null ? null : token(agents.token(), path.key("token"));
        if (Boolean.TRUE.equals(agents.plaintext())) {
            return plaintext(agents, path, hosts, token);
        }
        if (token == null) {
            throw problems.at(path, "missing key 'token' (every call carries the agents' bearer token: "
                    + "token: ${file:path} or ${env:NAME}; make one with qfleet pki token)");
        }
        return AgentAccess.mutualTls(
                file(agents.ca(), path.key("ca"), "the CA certificate that signed the agents' certificates"),
                file(agents.clientCert(), path.key("client_cert"), "the coordinator's certificate, from qfleet pki issue-client"),
                file(agents.clientKey(), path.key("client_key"), "the coordinator's private key, from qfleet pki issue-client"),
                token);
    }

    private AgentAccess plaintext(AgentsDocument agents, KeyPath path, List<HostEntry> hosts, String token) {
        String[][] tlsKeys = {{"ca", agents.ca()}, {"client_cert", agents.clientCert()}, {"client_key", agents.clientKey()}};
        for (String[] key : tlsKeys) {
            if (key[1] != null) {
                throw problems.at(path.key(key[0]), "plaintext: true and TLS material (choose one: remove plaintext, "
                        + "or remove " + key[0] + ")");
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostEntry host = hosts.get(i);
            if (!isLoopback(host.agentHost())) {
                throw problems.at(KeyPath.ROOT.key("hosts").index(i).key("agent"), host.agentAddress()
                        + " is not a loopback address; agents.plaintext is only for loopback dev agents "
                        + "(set agents.ca, client_cert, client_key and token instead)");
            }
        }
        return new AgentAccess(true, null, null, null, token);
    }

    private String token(String value, KeyPath path) {
        if (!problems.isReferenced(path)) {
            throw problems.at(path, "a token never sits in the fleet file (write token: ${file:path} or ${env:NAME})");
        }
        if (!TOKEN.matcher(value).matches()) {
            throw problems.at(path, problems.shown(path, value)
                    + " is not a token (expected one line of printable characters without spaces, e.g. from qfleet pki token)");
        }
        return value;
    }

    private Path file(String value, KeyPath path, String what) {
        if (value == null || value.isBlank()) {
            throw problems.at(path.parent(), "missing key '" + path.key() + "' (" + what + ")");
        }
        return FleetPaths.existingFile(baseDir, value, path, what, problems);
    }

    /** Literal addresses only: a name could resolve elsewhere tomorrow. */
    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return SubjectNames.isIpAddress(host) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
