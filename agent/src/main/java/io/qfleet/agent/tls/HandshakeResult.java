package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * A TLS handshake that presented the expected leaf: where, the negotiated protocol
 * ({@code TLSv1.3} or {@code TLSv1.2}) and cipher suite, the leaf's subject and serial, and how many
 * certificates the server sent (a server sending only its leaf breaks clients that lack the intermediate).
 */
public record HandshakeResult(String endpoint, String protocol, String cipherSuite, String leafSubject,
        BigInteger leafSerial, int presentedChainLength) {
    public HandshakeResult {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(protocol, "protocol");
        requireNonNull(cipherSuite, "cipherSuite");
        requireNonNull(leafSubject, "leafSubject");
        requireNonNull(leafSerial, "leafSerial");
    }
}
