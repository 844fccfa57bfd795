package io.qfleet.coordinator.pki;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a leaf certificate says: its common name, its subject alternative names (an agent is
 * reached by them: the client checks the address it dialled against these), and whether it
 * serves (an agent: serverAuth) or connects (the coordinator: clientAuth).
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
