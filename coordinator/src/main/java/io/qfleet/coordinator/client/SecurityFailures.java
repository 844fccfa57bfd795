package io.qfleet.coordinator.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.NotSslRecordException;
import io.qfleet.coordinator.fleet.AgentAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a call failed when TLS or the token is the reason, as one line naming the agent and what to do:
 * the agent refused our certificate (none, another CA's, expired), we refused the agent's (another
 * CA's, another name, expired), one side speaks plaintext, or the agent refused the token. The agent
 * only sends a TLS alert, so what our certificate lacks is read from our own files.
 */
final class SecurityFailures {
    private static final String ALERT = "Received fatal alert: ";

    private SecurityFailures() {
    }

    static Optional<AgentCallException> explain(String address, AgentAccess access, StatusRuntimeException e) {
        if (access == null) {
            return Optional.empty();
        }
        if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
            return Optional.of(tokenRefused(address, access, e));
        }
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            return Optional.empty();
        }
        String message = null;
        String reason = null;
        for (Throwable cause = e.getCause(); cause != null && message == null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException handshake && String.valueOf(handshake.getMessage()).startsWith(ALERT)) {
                reason = "tls_client_refused";
                message = clientRefused(address, access, handshake.getMessage().substring(ALERT.length()));
            } else if (cause instanceof CertificateExpiredException) {
                reason = "tls_agent_untrusted";
                message = "the certificate of agent " + address + " has expired (" + cause.getMessage()
                        + "); issue it a new one: qfleet pki issue-agent";
            } else if (cause instanceof CertificateException certificate) {
                reason = "tls_agent_untrusted";
                message = agentUntrusted(address, access, String.valueOf(certificate.getMessage()));
            } else if (cause instanceof NotSslRecordException) {
                reason = "tls_plaintext_agent";
                message = "agent " + address + " answers in plaintext, not TLS (its settings say plaintext: true); give it "
                        + "tls and token_file, or set agents.plaintext: true for loopback dev agents";
            }
        }
        if (message == null && access.plaintext() && String.valueOf(e.getStatus().getDescription()).contains("Network closed")) {
            reason = "tls_expected_by_agent";
            message = "agent " + address + " closed the connection at once, as a TLS agent does to a plaintext client; "
                    + "agents.plaintext: true reaches only agents with plaintext: true in their settings (set agents.ca, "
                    + "client_cert, client_key and token instead)";
        }
        return message == null ? Optional.empty() : Optional.of(new AgentCallException(reason, message, true, e));
    }

    private static AgentCallException tokenRefused(String address, AgentAccess access, StatusRuntimeException e) {
        String what = access.token() == null
                ? "asks for a bearer token and none was sent (set agents.token: ${file:path} to the agent's token_file)"
                : "refused the bearer token in agents.token: " + e.getStatus().getDescription()
                        + " (set agents.token to the token in the agent's token_file)";
        return new AgentCallException("token_refused", "agent " + address + " " + what, true, e);
    }

    private static String clientRefused(String address, AgentAccess access, String alert) {
        if (access.clientCert() == null) {
            return "agent " + address + " requires a client certificate and none was sent (set agents.client_cert and "
                    + "client_key; make them with qfleet pki issue-client)";
        }
        Optional<Instant> expired = expiredAt(access.clientCert());
        if (expired.isPresent()) {
            return "agent " + address + " refused our client certificate " + access.clientCert() + ": it expired "
                    + expired.get() + " (issue a new one: qfleet pki issue-client)";
        }
        return "agent " + address + " refused our client certificate " + access.clientCert() + " (TLS alert " + alert
                + "); is it signed by the CA in the agent's tls.client_ca? (issue one from that CA: qfleet pki issue-client)";
    }

    private static String agentUntrusted(String address, AgentAccess access, String detail) {
        if (detail.startsWith("No name matching") || detail.startsWith("No subject alternative")) {
            return "the certificate of agent " + address + " does not name the address dialled (" + detail
                    + "); reissue it: qfleet pki issue-agent HOST --ip/--dns with every name the fleet file uses";
        }
        return "the certificate of agent " + address + " is not signed by agents.ca " + access.ca()
                + "; issue the agent's certificate from that CA (qfleet pki issue-agent) or point agents.ca at its CA";
    }

    /** When our own certificate's notAfter has passed; empty when it is valid or cannot be read. */
    private static Optional<Instant> expiredAt(Path certFile) {
        try (InputStream in = Files.newInputStream(certFile)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Instant notAfter = certificate.getNotAfter().toInstant();
            return notAfter.isBefore(Instant.now()) ? Optional.of(notAfter) : Optional.empty();
        } catch (IOException | CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
