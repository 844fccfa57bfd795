package io.qfleet.coordinator.pki;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a leaf certificate says: its common name, its subject alternative names (an agent is
 * reached by them: the client checks the address it dialled against these), and whether it
 * serves (an agent: serverAuth, plus clientAuth so that its own health probe on the host can present
 * it to the agent: docs/adr/0001-agent-privileges.md) or connects (the coordinator: clientAuth).
 */
public record LeafRequest(String commonName, Purpose purpose, List<String> dnsNames, List<String> ipAddresses,
        KeyAlgorithm keyAlgorithm, Validity validity) {

    public enum Purpose { SERVER, CLIENT }

    public LeafRequest {
        requireNonNull(commonName, "commonName");
        requireNonNull(purpose, "purpose");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        requireNonNull(keyAlgorithm, "keyAlgorithm");
        requireNonNull(validity, "validity");
    }
}
