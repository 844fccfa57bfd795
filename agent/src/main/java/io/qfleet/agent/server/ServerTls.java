package io.qfleet.agent.server;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The agent's TLS: its own certificate and key, client certificates required and trusted only when
 * signed by {@code tls.client_ca} (the JDK's default trust store plays no part) or when it is the
 * agent's own, which its health probe presents ({@link ClientCertificateTrust}), TLS 1.3 or 1.2,
 * ALPN h2 and HTTP/2's cipher suites as {@code GrpcSslContexts} would set them. Each file is parsed
 * here, at start, so a bad one is named before the agent serves.
 *
 * <p>The JDK's {@link SSLContext} is built here and wrapped, rather than built by Netty's
 * {@code SslContextBuilder}: the class Netty builds a server context with registers BouncyCastle's
 * JCA provider when it is on the class path (to parse a sample key of its own), ~700 classes and
 * ~13 MB of idle RSS the agent never uses (README "Footprint").
 */
public final class ServerTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final ApplicationProtocolConfig ALPN_H2 = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2);

    private ServerTls() {
    }

    public static SslContext context(AgentSettings.Tls tls) {
        AgentKeyMaterial own = AgentKeyMaterial.read(tls);
        TrustManager[] trust = {ClientCertificateTrust.of(tls, own.leaf())};
        try {
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            char[] noPassword = new char[0];
            keys.setKeyEntry("agent", own.key(), noPassword, own.chain());
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, noPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust, null);
            return new JdkSslContext(context, false, Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE, ALPN_H2,
                    ClientAuth.REQUIRE, PROTOCOLS, false);
        } catch (GeneralSecurityException | IOException e) {
            throw new SettingsException("tls: cannot build the TLS context from " + tls.cert() + ", " + tls.key() + ", "
                    + tls.clientCa() + " (" + e.getClass().getSimpleName() + "); is the key the certificate's?");
        }
    }
}
