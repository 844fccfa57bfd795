package io.qfleet.coordinator.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.qfleet.coordinator.fleet.AgentAccess;
import javax.net.ssl.SSLException;

/**
 * Channels to agents as {@link AgentAccess} says: TLS 1.3/1.2 trusting only {@code agents.ca} (and
 * checking that the agent's certificate names the address dialled), our client certificate, and the
 * bearer token on every call; or plaintext for loopback dev agents.
 */
public final class AgentChannels {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;

    private AgentChannels() {
    }

    public static ManagedChannel open(String host, int port, AgentAccess access) {
        ChannelCredentials transport = access.plaintext() ? InsecureChannelCredentials.create()
                : NettySslContextChannelCredentials.create(sslContext(access));
        ChannelCredentials credentials = access.token() == null ? transport
                : CompositeChannelCredentials.create(transport, new BearerCallCredentials(access.token()));
        return NettyChannelBuilder.forAddress(host, port, credentials)
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .build();
    }

    private static SslContext sslContext(AgentAccess access) {
        SslContextBuilder builder = GrpcSslContexts.forClient().protocols(PROTOCOLS);
        try {
            builder.trustManager(access.ca().toFile());
        } catch (IllegalArgumentException e) {
            throw new AgentCallException("tls_material", "agents.ca: " + access.ca() + " holds no PEM certificate "
                    + "(expected the CA that signed the agents' certificates, e.g. ca.crt from qfleet pki init)", false, e);
        }
        if (access.clientCert() != null) {
            try {
                builder.keyManager(access.clientCert().toFile(), access.clientKey().toFile());
            } catch (IllegalArgumentException e) {
                throw new AgentCallException("tls_material", "agents.client_cert / client_key: " + access.clientCert() + ", "
                        + access.clientKey() + ": not a PEM certificate and an unencrypted PKCS#8 key (" + e.getMessage() + ")",
                        false, e);
            }
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new AgentCallException("tls_material", "agents: cannot build TLS from " + access.describe()
                    + " (" + e.getMessage() + ")", false, e);
        }
    }
}
