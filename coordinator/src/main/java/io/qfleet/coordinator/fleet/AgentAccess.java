package io.qfleet.coordinator.fleet;

import java.nio.file.Path;

/**
 * How the coordinator reaches its agents: mTLS (the CA that signed the agents' certificates, the
 * coordinator's own certificate and key) plus the bearer token, or plaintext for loopback dev
 * agents. The fleet file's loader insists on both halves; code may leave parts out (tests show
 * what an agent says to a client without a certificate or token). {@link #toString()} hides the token.
 *
 * @param ca PEM CA certificate that agent certificates must chain to; null when plaintext
 * @param clientCert the coordinator's PEM certificate chain; null for none
 * @param clientKey its unencrypted PKCS#8 key; null for none
 * @param token the bearer token sent with every call; null for none
 */
public record AgentAccess(boolean plaintext, Path ca, Path clientCert, Path clientKey, String token) {

    public AgentAccess {
        if (plaintext && (ca != null || clientCert != null || clientKey != null)) {
            throw new IllegalArgumentException("plaintext access has no TLS material");
        }
        if (!plaintext && ca == null) {
            throw new IllegalArgumentException("ca: null (expected the CA of the agents' certificates)");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("clientCert and clientKey go together");
        }
    }

    /** Plaintext without a token: loopback agents started with {@code plaintext: true} and no token_file. */
    public static final AgentAccess PLAINTEXT = new AgentAccess(true, null, null, null, null);

    public static AgentAccess mutualTls(Path ca, Path clientCert, Path clientKey, String token) {
        return new AgentAccess(false, ca, clientCert, clientKey, token);
    }

    public AgentAccess withToken(String value) {
        return new AgentAccess(plaintext, ca, clientCert, clientKey, value);
    }

    /** What {@code qfleet validate -v} shows: the files, and whether a token is sent (never the token). */
    public String describe() {
        String token = this.token == null ? "no token" : "bearer token";
        return plaintext ? "plaintext (loopback), " + token
                : "mTLS, ca " + ca + ", client cert " + clientCert + ", " + token;
    }

    @Override
    public String toString() {
        return "AgentAccess[" + describe() + "]";
    }
}
