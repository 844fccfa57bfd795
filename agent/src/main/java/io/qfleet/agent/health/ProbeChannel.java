package io.qfleet.agent.health;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.qfleet.agent.server.AgentKeyMaterial;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * The probe's channel to the agent, from the agent's own settings: plaintext when the agent serves
 * plaintext; otherwise mTLS with the agent's own certificate and key as the client certificate
 * (the agent accepts its own besides those signed by {@code tls.client_ca}) and
 * {@link OwnCertificateTrust} for the server. No token: the health service is open
 * (docs/adr/0001-agent-privileges.md, "Readiness probe").
 */
final class ProbeChannel {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ProbeChannel() {
    }

    static ManagedChannel open(InetSocketAddress target, AgentSettings settings) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target);
        if (settings.tls() == null) {
            return builder.usePlaintext().build();
        }
        return builder.sslContext(context(settings.tls())).build();
    }

    private static SslContext context(AgentSettings.Tls tls) {
        try {
            AgentKeyMaterial own = AgentKeyMaterial.read(tls);
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .keyManager(own.key(), own.chain())
                    .trustManager(new OwnCertificateTrust(own.leaf()))
                    .protocols(PROTOCOLS);
            return GrpcSslContexts.configure(builder).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new SettingsException("tls.cert / tls.key: " + tls.cert() + ", " + tls.key()
                    + ": cannot be used as the probe's client certificate (" + e.getMessage() + ")");
        }
    }

}
