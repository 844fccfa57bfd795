package io.qfleet.coordinator.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.qfleet.coordinator.fleet.AgentAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Channels to agents as {@link AgentAccess} says: TLS 1.3/1.2 trusting only {@code agents.ca} (and
 * checking that the agent's certificate names the address dialled), our client certificate, and the
 * bearer token on every call; or plaintext for loopback dev agents.
 */
public final class AgentChannels {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int MAX_INBOUND_BYTES = 16 * 1024 * 1024;
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /**
     * One TLS context per access and state of its files: building it reads and parses the PEM files,
     * which a thousand hosts would otherwise do a thousand times; a file replaced since gets a new one.
     */
    private static final Map<List<Object>, ChannelCredentials> CREDENTIALS = new ConcurrentHashMap<>();

    private AgentChannels() {
    }

    public static ManagedChannel open(String host, int port, AgentAccess access) {
        ChannelCredentials credentials = cachedCredentials(access);
        // An IP address is dialled as is: gRPC's DNS resolver (a thread hop and a lookup per channel)
        // costs more than the calls themselves at fleet scale. The authority, hence the name the TLS
        // certificate must hold, stays the address as the fleet file writes it.
        NettyChannelBuilder builder = isIpLiteral(host)
                ? NettyChannelBuilder.forAddress(new InetSocketAddress(ipLiteral(host), port), credentials)
                        .overrideAuthority(host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port)
                : NettyChannelBuilder.forAddress(host, port, credentials);
        // No gRPC retries: qfleet retries what is safe to repeat itself (operations are idempotent by id,
        // watches re-open, uploads resume), and the retry machinery wrapping every call cost ~6 % of a
        // 1,000-host run's CPU (ScaleBenchmark). Configured retries are none; transparent ones go with it.
        // Loops of our own, not gRPC's shared ones: qfleet ends them before it exits (AgentEventLoops).
        return builder.eventLoopGroup(AgentEventLoops.group()).channelType(NioSocketChannel.class)
                .disableRetry().maxInboundMessageSize(MAX_INBOUND_BYTES).build();
    }

    /** The credentials of {@code access} as its files are now: built once, again after a file was replaced. */
    static ChannelCredentials cachedCredentials(AgentAccess access) {
        return CREDENTIALS.computeIfAbsent(List.of(access, stamps(access)), k -> credentials(access));
    }

    /** Size and modification time of each TLS file: what tells a replaced file from the one the context was built from. */
    private static List<String> stamps(AgentAccess access) {
        List<String> stamps = new ArrayList<>();
        for (Path file : Arrays.asList(access.ca(), access.clientCert(), access.clientKey())) {
            try {
                stamps.add(file == null ? "-" : Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                stamps.add("unreadable"); // building the context names the file
            }
        }
        return stamps;
    }

    private static ChannelCredentials credentials(AgentAccess access) {
        ChannelCredentials transport = access.plaintext() ? InsecureChannelCredentials.create()
                : NettySslContextChannelCredentials.create(sslContext(access));
        return access.token() == null ? transport
                : CompositeChannelCredentials.create(transport, new BearerCallCredentials(access.token()));
    }

    /** A dotted IPv4 address (octets 0-255) or an IPv6 address (the only host names with a colon). */
    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    /** Parses the literal without any lookup (InetAddress only resolves names that are not literals). */
    private static InetAddress ipLiteral(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new AgentCallException("bad_address", host + " is not a valid IP address", false, e);
        }
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
