package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.tls.TestPki.Issued;
import io.qfleet.agent.tls.TlsTestServer.Mode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class HandshakeVerifierTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String HOST = "127.0.0.1";
    private static List<Issued> chain;
    private static Issued leaf;

    @BeforeAll
    static void certificates() {
        chain = TestPki.chain();
        leaf = chain.get(0);
    }

    @Test
    void passesWhenTheServerPresentsTheExpectedLeafOverTls13() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.TLS, leaf, chain)) {
            HandshakeResult result = HandshakeVerifier.verify(HOST, server.port(), leaf.certificate(), TIMEOUT);

            assertEquals("TLSv1.3", result.protocol());
            assertEquals("127.0.0.1:" + server.port(), result.endpoint());
            assertEquals(leaf.certificate().getSerialNumber(), result.leafSerial());
            assertEquals("CN=db1.example.com", result.leafSubject());
            assertEquals(3, result.presentedChainLength());
        }
    }

    @Test
    void reportsTls12WhenThatIsAllTheServerSpeaks() throws Exception {
        Issued rsaLeaf = TestPki.cert("CN=db1").keys(TestPki.rsaLeaf()).dns("db1").selfSigned();
        try (TlsTestServer server = TlsTestServer.start(Mode.TLS, rsaLeaf, List.of(rsaLeaf), "TLSv1.2")) {
            HandshakeResult result = HandshakeVerifier.verify(HOST, server.port(), rsaLeaf.certificate(), TIMEOUT);

            assertEquals("TLSv1.2", result.protocol());
            assertEquals(1, result.presentedChainLength());
        }
    }

    @Test
    void anotherCertificateDiffersEvenWithTheSameSubject() throws Exception {
        Issued other = TestPki.cert("CN=db1.example.com").dns("db1.example.com").selfSigned();
        try (TlsTestServer server = TlsTestServer.start(Mode.TLS, other)) {
            AgentException e = assertFails(() -> HandshakeVerifier.verify(HOST, server.port(), leaf.certificate(), TIMEOUT));

            assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
            assertEquals("TLS handshake with 127.0.0.1:" + server.port() + " failed: presented certificate differs: expected "
                    + CertificateLabel.of(leaf.certificate()) + ", got " + CertificateLabel.of(other.certificate()), e.getMessage());
        }
    }

    @Test
    void aPlainPortThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.SILENT, leaf)) {
            long start = System.nanoTime();
            AgentException e = assertFails(() -> HandshakeVerifier.verify(HOST, server.port(), leaf.certificate(), Duration.ofMillis(500)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
            assertEquals(AgentException.Kind.FAILED_PRECONDITION, e.kind());
            assertTrue(e.getMessage().endsWith("failed: no handshake within 500 ms (is the port plain text?)"), e.getMessage());
        }
    }

    @Test
    void aPlainHttpPortIsAHandshakeError() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.PLAIN_HTTP, leaf)) {
            AgentException e = assertFails(() -> HandshakeVerifier.verify(HOST, server.port(), leaf.certificate(), TIMEOUT));

            assertTrue(e.getMessage().contains(" failed: handshake error: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aClosedPortIsConnectionRefusedAndRetryable() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = probe.getLocalPort();
        }
        int closedPort = port;

        AgentException e = assertFails(() -> HandshakeVerifier.verify(HOST, closedPort, leaf.certificate(), TIMEOUT));

        assertEquals(AgentException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.retryable());
        assertEquals("TLS handshake with 127.0.0.1:" + closedPort + " failed: connection refused", e.getMessage());
    }

    @Test
    void pgWireSendsSslRequestThenShakesHandsOnTheSameSocket() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.PG_TLS, leaf, chain)) {
            HandshakeResult result = HandshakeVerifier.verifyPgWire(HOST, server.port(), leaf.certificate(), TIMEOUT);

            assertEquals("TLSv1.3", result.protocol());
            assertEquals(leaf.certificate().getSerialNumber(), result.leafSerial());
            // the plain handshake on a PG port: the server reads a ClientHello as a startup packet and hangs up
            AgentException e = assertFails(() -> HandshakeVerifier.verify(HOST, server.port(), leaf.certificate(), TIMEOUT));
            assertTrue(e.getMessage().contains("failed: handshake error"), e.getMessage());
        }
    }

    @Test
    void pgWireWithTlsOffSaysSo() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.PG_TLS_OFF, leaf)) {
            AgentException e = assertFails(() -> HandshakeVerifier.verifyPgWire(HOST, server.port(), leaf.certificate(), TIMEOUT));

            assertEquals("TLS handshake with 127.0.0.1:" + server.port() + " (PG wire) failed: the server answered 'N' to"
                    + " SSLRequest: TLS is off on this port (pg.tls.enabled / tls.enabled)", e.getMessage());
        }
    }

    @Test
    void pgWireAgainstAPortSpeakingTlsAtOnceFails() throws Exception {
        try (TlsTestServer server = TlsTestServer.start(Mode.TLS, leaf, chain)) {
            AgentException e = assertFails(() -> HandshakeVerifier.verifyPgWire(HOST, server.port(), leaf.certificate(), TIMEOUT));

            assertTrue(e.getMessage().startsWith("TLS handshake with 127.0.0.1:" + server.port() + " (PG wire) failed: "), e.getMessage());
        }
    }

    @Test
    void refusesABadEndpointOrTimeout() {
        assertEquals("bad_value", assertThrows(AgentException.class,
                () -> HandshakeVerifier.verify(HOST, 0, leaf.certificate(), TIMEOUT)).reason());
        assertEquals("bad_value", assertThrows(AgentException.class,
                () -> HandshakeVerifier.verify(HOST, 9000, leaf.certificate(), Duration.ZERO)).reason());
    }

    private static AgentException assertFails(Executable call) {
        AgentException e = assertThrows(AgentException.class, call);
        assertEquals("tls_handshake_failed", e.reason(), e.getMessage());
        return e;
    }
}
