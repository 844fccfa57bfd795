package io.qfleet.agent.server;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import javax.net.ssl.SSLException;

/**
 * The agent's TLS: its own certificate and key, client certificates required and trusted only when
 * signed by {@code tls.client_ca} (the JDK's default trust store plays no part) or when it is the
 * agent's own, which its health probe presents ({@link ClientCertificateTrust}), TLS 1.3 or 1.2.
 * Each file is parsed here, at start, so a bad one is named before the agent serves.
 */
public final class ServerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    public static SslContext context(AgentSettings.Tls tls) {
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
        } catch (IllegalArgumentException e) {
            // Netty's message names which of the two it could not read; it never quotes the file.
            throw new SettingsException("tls.cert / tls.key: " + tls.cert() + ", " + tls.key()
                    + ": not a PEM certificate chain and an unencrypted PKCS#8 key (" + e.getMessage() + ")");
        }
        builder.trustManager(ClientCertificateTrust.of(tls));
        try {
            return GrpcSslContexts.configure(builder.clientAuth(ClientAuth.REQUIRE).protocols(PROTOCOLS)).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new SettingsException("tls: cannot build the TLS context from " + tls.cert() + ", " + tls.key() + ", "
                    + tls.clientCa() + " (" + e.getMessage() + "); is the key the certificate's?");
        }
    }
}
