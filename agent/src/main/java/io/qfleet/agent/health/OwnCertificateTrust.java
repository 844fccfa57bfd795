package io.qfleet.agent.health;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate: the agent's own {@code tls.cert}. The probe runs on the
 * agent's host and asks whether this agent, the one in {@code agent.yaml}, serves; a pin answers
 * that more precisely than a CA and a host name would, and holds whatever address the listener is
 * reached at (a wildcard listen address is probed on loopback, which the certificate need not name)
 * and whichever CA signed it. Being an {@link X509ExtendedTrustManager}, the JDK adds no host-name
 * check of its own. Never trusts a client: the probe does not serve.
 */
final class OwnCertificateTrust extends X509ExtendedTrustManager {
    private final X509Certificate own;

    OwnCertificateTrust(X509Certificate own) {
        this.own = requireNonNull(own, "own");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0 || !chain[0].equals(own)) {
            throw new CertificateException("the server presented " + (chain == null || chain.length == 0 ? "no certificate"
                    : chain[0].getSubjectX500Principal().getName()) + ", not this agent's tls.cert ("
                    + own.getSubjectX500Principal().getName() + "); is another server listening there?");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the health probe trusts no client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
