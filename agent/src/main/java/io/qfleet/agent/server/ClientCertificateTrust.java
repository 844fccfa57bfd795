package io.qfleet.agent.server;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which client certificates the agent accepts: those the JDK's PKIX check accepts against
 * {@code tls.client_ca} (signature, validity, and the clientAuth usage), and its own {@code tls.cert},
 * which only its own health probe on this host holds the key of (qfleet-agent health, the unit's
 * ExecStartPost). The agent's certificate keeps serverAuth alone, so no other agent accepts it: a
 * host's key never opens the rest of the fleet (docs/adr/0001-agent-privileges.md, "Readiness probe").
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final X509Certificate own;
    private final X509ExtendedTrustManager clientCa;

    private ClientCertificateTrust(X509Certificate own, X509ExtendedTrustManager clientCa) {
        this.own = requireNonNull(own, "own");
        this.clientCa = requireNonNull(clientCa, "clientCa");
    }

    static ClientCertificateTrust of(AgentSettings.Tls tls, X509Certificate own) {
        List<X509Certificate> cas = certificates(tls.clientCa());
        if (cas.isEmpty()) {
            throw new SettingsException("tls.client_ca: " + tls.clientCa() + " holds no PEM certificate (expected the CA "
                    + "that signs client certificates, e.g. ca.crt from `qfleet pki init`)");
        }
        return new ClientCertificateTrust(own, pkix(tls.clientCa(), cas));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (!isOwn(chain)) {
            clientCa.checkClientTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (!isOwn(chain)) {
            clientCa.checkClientTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!isOwn(chain)) {
            clientCa.checkClientTrusted(chain, authType);
        }
    }

    /** The exact certificate, and still valid; the handshake proves the client holds its key. */
    private boolean isOwn(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || !chain[0].equals(own)) {
            return false;
        }
        own.checkValidity();
        return true;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent trusts no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** The CAs a client may pick its certificate by (the probe has one certificate only, its pick is made). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return clientCa.getAcceptedIssuers();
    }

    private static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return read.stream().map(X509Certificate.class::cast).toList();
        } catch (IOException | CertificateException e) {
            return List.of();
        }
    }

    private static X509ExtendedTrustManager pkix(Path file, List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("client-ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new SettingsException("tls.client_ca: " + file + ": the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new SettingsException("tls.client_ca: " + file + ": cannot be used as a trust anchor (" + e.getMessage() + ")");
        }
    }
}
