/**
 * TLS material for QuestDB Enterprise (workflow step 9), checked on the host before anything is
 * stopped: {@link io.qfleet.agent.tls.TlsMaterial} reads the PEM chain and the unencrypted key in
 * the forms QuestDB accepts (PKCS#8, PKCS#1, SEC1); {@link io.qfleet.agent.tls.TlsChecks} proves the
 * pair matches, the chain is in order, nothing expires soon, the names cover the host and the leaf
 * may serve TLS; {@link io.qfleet.agent.tls.TlsInstaller} writes {@code cert.pem} (0644) and
 * {@code key.pem} (0600) atomically inside an allowed root; {@link io.qfleet.agent.tls.HandshakeVerifier}
 * proves the restarted server presents that very leaf, on HTTP/ILP ports and on the PG wire port.
 *
 * <p>X.509 and PEM parsing is BouncyCastle's (bcpkix), keys become JDK keys, no security provider
 * is registered. Failures are {@link io.qfleet.agent.AgentException}s with a snake_case reason and
 * a one-line message naming the file; no message ever holds key material.
 */
package io.qfleet.agent.tls;
