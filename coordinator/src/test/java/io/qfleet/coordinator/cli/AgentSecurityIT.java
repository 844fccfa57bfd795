package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.pki.KeyAlgorithm;
import io.qfleet.coordinator.pki.LeafRequest;
import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS and the bearer token against real agent processes: one serving TLS, client certificates
 * required and signed by its CA, plus a token; one plaintext on loopback that asks for the token too.
 * Every refusal is asserted as the one line the coordinator prints, and the agent never served it.
 */
class AgentSecurityIT {
    private static final String HOST = "127.0.0.1";

    @TempDir
    static Path dir;
    private static PkiDirectory pki;
    private static PkiDirectory otherPki;
    private static String token;
    private static AgentJarProcess tlsAgent;
    private static AgentJarProcess plaintextAgent;

    @BeforeAll
    static void startAgents() throws Exception {
        Validity valid = Validity.days(Instant.now(), 1);
        pki = new PkiDirectory(dir.resolve("pki"));
        pki.initCa("test CA", KeyAlgorithm.EC, valid);
        pki.write(pki.agentCert(HOST), pki.agentKey(HOST), pki.ca().issue(
                new LeafRequest(HOST, LeafRequest.Purpose.SERVER, List.of(), List.of(HOST), KeyAlgorithm.EC, valid)));
        client(pki, "ok", valid);
        client(pki, "expired", new Validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1))));
        token = Files.readString(pki.newToken()).strip();
        otherPki = new PkiDirectory(dir.resolve("other-pki"));
        otherPki.initCa("another CA", KeyAlgorithm.EC, valid);
        client(otherPki, "stranger", valid);

        tlsAgent = AgentJarProcess.start(dir.resolve("tls-agent"), HOST + ":0", "tls:\n"
                + "  cert: " + pki.agentCert(HOST) + "\n  key: " + pki.agentKey(HOST) + "\n  client_ca: " + pki.caCert() + "\n"
                + "token_file: " + pki.token() + "\n");
        plaintextAgent = AgentJarProcess.start(dir.resolve("plaintext-agent"), HOST + ":0",
                "plaintext: true\ntoken_file: " + pki.token() + "\n");
    }

    @AfterAll
    static void stopAgents() {
        if (tlsAgent != null) {
            tlsAgent.close();
        }
        if (plaintextAgent != null) {
            plaintextAgent.close();
        }
    }

    private static void client(PkiDirectory on, String name, Validity validity) {
        on.write(on.clientCert(name), on.clientKey(name), on.ca().issue(
                new LeafRequest(name, LeafRequest.Purpose.CLIENT, List.of(), List.of(), KeyAlgorithm.EC, validity)));
    }

    private static AgentAccess access(PkiDirectory clientPki, String clientName) {
        return AgentAccess.mutualTls(pki.caCert(), clientPki.clientCert(clientName), clientPki.clientKey(clientName), token);
    }

    private static AgentCallException refused(String host, int port, AgentAccess access) {
        try (GrpcAgentClient client = GrpcAgentClient.connect(host, port, access)) {
            AgentCallException e = assertThrows(AgentCallException.class, client::facts);
            assertTrue(e.unreachable(), "exit code 5 territory: " + e.getMessage());
            assertFalse(e.getMessage().contains(token), "the token never shows: " + e.getMessage());
            return e;
        }
    }

    private static String tlsAgent() {
        return HOST + ":" + tlsAgent.port();
    }

    @Test
    void theRightCertificateAndTokenAreServed() {
        try (GrpcAgentClient client = GrpcAgentClient.connect(HOST, tlsAgent.port(), access(pki, "ok"))) {
            assertFalse(client.facts().questdbRunning(), "an agent without QuestDB, reached through mTLS and the token");
        }
    }

    @Test
    void noClientCertificateIsRefused() {
        AgentCallException e = refused(HOST, tlsAgent.port(), AgentAccess.mutualTls(pki.caCert(), null, null, token));

        assertEquals("agent " + tlsAgent() + " requires a client certificate and none was sent (set agents.client_cert and "
                + "client_key; make them with qfleet pki issue-client)", e.getMessage());
        assertEquals("tls_client_refused", e.reason());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        AgentCallException e = refused(HOST, tlsAgent.port(), access(otherPki, "stranger"));

        assertEquals("agent " + tlsAgent() + " refused our client certificate " + otherPki.clientCert("stranger")
                + " (TLS alert bad_certificate); is it signed by the CA in the agent's tls.client_ca? "
                + "(issue one from that CA: qfleet pki issue-client)", e.getMessage());
    }

    @Test
    void anExpiredCertificateIsRefused() {
        AgentCallException e = refused(HOST, tlsAgent.port(), access(pki, "expired"));

        assertTrue(e.getMessage().startsWith("agent " + tlsAgent() + " refused our client certificate "
                + pki.clientCert("expired") + ": it expired "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (issue a new one: qfleet pki issue-client)"), e.getMessage());
    }

    @Test
    void anotherAgentsCertificateIsRefused() {
        // An agent accepts its own certificate from its health probe; another agent's, from a host
        // that may be compromised, must not open this one even with the fleet's token.
        pki.write(pki.agentCert("127.0.0.9"), pki.agentKey("127.0.0.9"), pki.ca().issue(new LeafRequest("127.0.0.9",
                LeafRequest.Purpose.SERVER, List.of(), List.of("127.0.0.9"), KeyAlgorithm.EC, Validity.days(Instant.now(), 1))));

        AgentCallException e = refused(HOST, tlsAgent.port(), AgentAccess.mutualTls(pki.caCert(), pki.agentCert("127.0.0.9"),
                pki.agentKey("127.0.0.9"), token));

        assertTrue(e.getMessage().startsWith("agent " + tlsAgent() + " refused our client certificate "
                + pki.agentCert("127.0.0.9")), e.getMessage());
    }

    @Test
    void aWrongTokenIsRefused() {
        AgentCallException e = refused(HOST, tlsAgent.port(), access(pki, "ok").withToken("w".repeat(43)));

        assertEquals("agent " + tlsAgent() + " refused the bearer token in agents.token: the bearer token does not match "
                + "the agent's token_file (set agents.token to the token in the agent's token_file)", e.getMessage());
        assertEquals("token_refused", e.reason());
    }

    @Test
    void aMissingTokenIsRefused() {
        AgentCallException e = refused(HOST, tlsAgent.port(), access(pki, "ok").withToken(null));

        assertEquals("agent " + tlsAgent() + " asks for a bearer token and none was sent (set agents.token: ${file:path} "
                + "to the agent's token_file)", e.getMessage());
    }

    @Test
    void anAgentCertificateFromAnotherCaIsNotTrusted() {
        AgentAccess otherCa = AgentAccess.mutualTls(otherPki.caCert(), pki.clientCert("ok"), pki.clientKey("ok"), token);

        AgentCallException e = refused(HOST, tlsAgent.port(), otherCa);

        assertEquals("the certificate of agent " + tlsAgent() + " is not signed by agents.ca " + otherPki.caCert()
                + "; issue the agent's certificate from that CA (qfleet pki issue-agent) or point agents.ca at its CA",
                e.getMessage());
        assertEquals("tls_agent_untrusted", e.reason());
    }

    @Test
    void anAgentCertificateForAnotherNameIsNotTrusted() {
        AgentCallException e = refused("localhost", tlsAgent.port(), access(pki, "ok"));

        assertTrue(e.getMessage().startsWith("the certificate of agent localhost:" + tlsAgent.port()
                + " does not name the address dialled (No name matching localhost found); reissue it"), e.getMessage());
    }

    /** Dialled by IP (the channel then checks the certificate's IP addresses, not its DNS names). */
    @Test
    void anAgentCertificateWithoutTheIpDialledIsNotTrusted() throws Exception {
        Validity valid = Validity.days(Instant.now(), 1);
        pki.write(pki.agentCert("localhost"), pki.agentKey("localhost"), pki.ca().issue(
                new LeafRequest("localhost", LeafRequest.Purpose.SERVER, List.of("localhost"), List.of(), KeyAlgorithm.EC, valid)));
        try (AgentJarProcess dnsOnly = AgentJarProcess.start(dir.resolve("dns-only-agent"), HOST + ":0", "tls:\n"
                + "  cert: " + pki.agentCert("localhost") + "\n  key: " + pki.agentKey("localhost") + "\n  client_ca: " + pki.caCert()
                + "\n" + "token_file: " + pki.token() + "\n")) {
            AgentCallException e = refused(HOST, dnsOnly.port(), access(pki, "ok"));

            assertTrue(e.getMessage().startsWith("the certificate of agent " + HOST + ":" + dnsOnly.port()
                    + " does not name the address dialled (No subject alternative names matching IP address " + HOST
                    + " found); reissue it"), e.getMessage());
            assertEquals("tls_agent_untrusted", e.reason());
            try (GrpcAgentClient byName = GrpcAgentClient.connect("localhost", dnsOnly.port(), access(pki, "ok"))) {
                assertFalse(byName.facts().questdbRunning(), "the same agent dialled by the name its certificate has");
            }
        }
    }

    @Test
    void aTlsClientToAPlaintextAgentIsToldSo() {
        AgentCallException e = refused(HOST, plaintextAgent.port(), access(pki, "ok"));

        assertEquals("agent " + HOST + ":" + plaintextAgent.port() + " answers in plaintext, not TLS (its settings say "
                + "plaintext: true); give it tls and token_file, or set agents.plaintext: true for loopback dev agents",
                e.getMessage());
    }

    @Test
    void aPlaintextClientToATlsAgentIsToldSo() {
        AgentCallException e = refused(HOST, tlsAgent.port(), AgentAccess.PLAINTEXT.withToken(token));

        assertTrue(e.getMessage().startsWith("agent " + tlsAgent() + " closed the connection at once, as a TLS agent does"),
                e.getMessage());
    }

    @Test
    void aPlaintextLoopbackAgentStillAsksForItsToken() {
        AgentCallException e = refused(HOST, plaintextAgent.port(), AgentAccess.PLAINTEXT);
        assertEquals("token_refused", e.reason());

        try (GrpcAgentClient client = GrpcAgentClient.connect(HOST, plaintextAgent.port(), AgentAccess.PLAINTEXT.withToken(token))) {
            assertFalse(client.facts().questdbRunning());
        }
    }

    @Test
    void planPrintsTheRefusalAndExitsAsUnreachable() throws Exception {
        Path work = Files.createDirectories(dir.resolve("plan"));
        Path dist = Files.write(work.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), new byte[] {1});
        Files.writeString(work.resolve("wrong-token"), "w".repeat(43) + "\n");
        Path fleet = Files.writeString(work.resolve("fleet.yaml"), """
                target:
                  distribution: %s
                  sha256: %s
                  version: 9.2.2
                hosts:
                  - name: db-1
                    agent: %s
                agents:
                  ca: %s
                  client_cert: %s
                  client_key: %s
                  token: ${file:wrong-token}
                """.formatted(dist, "0".repeat(64), tlsAgent(), pki.caCert(), pki.clientCert("ok"), pki.clientKey("ok")));

        QfleetRun run = QfleetRun.execute("plan", "-f", fleet.toString());

        assertEquals(ExitCodes.AGENTS_UNREACHABLE, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("agent " + tlsAgent() + " refused the bearer token"), run.transcript());
        assertFalse(run.transcript().contains(token), "the right token never shows");
        assertFalse(run.transcript().contains("w".repeat(43)), "nor the wrong one");
    }

    @Test
    void theAgentLogsRefusalsWithoutTheToken() throws Exception {
        refused(HOST, tlsAgent.port(), access(pki, "ok").withToken("w".repeat(43)));

        String log = tlsAgent.stderr();
        assertTrue(log.contains("the bearer token does not match"), log);
        assertFalse(log.contains(token), "the agent never logs its token");
        assertFalse(log.contains("w".repeat(43)), "nor what it was sent");
    }
}
