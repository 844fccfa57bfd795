package io.qfleet.agent.tls;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Proves that a restarted QuestDB serves the installed certificate: one TLS handshake that trusts
 * whatever is presented (the checks already judged the chain) and then compares the presented leaf
 * with the expected one byte for byte. {@link #verify} is for ports that speak TLS at once (HTTP,
 * ILP/TCP); {@link #verifyPgWire} first sends PostgreSQL's SSLRequest. The whole call, connect
 * included, ends within the timeout. A null expected leaf accepts any (QuestDB's demo mode generates its own). Failures are {@code tls_handshake_failed}: UNAVAILABLE
 * (retryable) when nothing accepts the connection yet, FAILED_PRECONDITION otherwise.
 */
public final class HandshakeVerifier {
    /** PostgreSQL's SSLRequest: length 8, then code 1234 << 16 | 5679. */
    static final int SSL_REQUEST_CODE = 80877103;
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private HandshakeVerifier() {
    }

    /** A TLS handshake on a port that speaks TLS from the first byte (HTTP, ILP/TCP). */
    public static HandshakeResult verify(String host, int port, X509Certificate expectedLeaf, Duration timeout) {
        return run(host, port, expectedLeaf, timeout, false);
    }

    /** On the PG wire port: SSLRequest, the server's 'S', then the handshake over the same socket. */
    public static HandshakeResult verifyPgWire(String host, int port, X509Certificate expectedLeaf, Duration timeout) {
        return run(host, port, expectedLeaf, timeout, true);
    }

    private static HandshakeResult run(String host, int port, X509Certificate expectedLeaf, Duration timeout, boolean pgWire) {
        requireNonNull(host, "host");
        requireNonNull(timeout, "timeout");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw AgentException.invalidArgument("bad_value", "endpoint: " + CertificateLabel.oneLine(host) + ":" + port
                    + " (expected: a host and a port 1-65535)");
        }
        if (timeout.isNegative() || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw AgentException.invalidArgument("bad_value", "timeout: " + timeout + " (expected: >= 1 ms)");
        }
        String endpoint = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        String failed = "TLS handshake with " + CertificateLabel.oneLine(endpoint) + (pgWire ? " (PG wire)" : "") + " failed: ";
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        Socket raw = new Socket();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.get()) {
                timedOut.set(true);
                closeQuietly(raw); // unblocks a connect or read stuck past the deadline
            }
        });
        try {
            connect(raw, host, port, deadline, failed, timeout);
            if (pgWire) {
                requestSsl(raw, failed);
            }
            try (SSLSocket tls = (SSLSocket) context().getSocketFactory().createSocket(raw, host, port, true)) {
                tls.setEnabledProtocols(PROTOCOLS);
                tls.setSoTimeout(remainingMillis(deadline));
                tls.startHandshake();
                return compare(tls.getSession(), expectedLeaf, endpoint, failed);
            }
        } catch (IOException e) {
            throw failedPrecondition(failed + describe(e, timedOut.get(), timeout));
        } finally {
            done.set(true);
            closeQuietly(raw);
        }
    }

    /** UNAVAILABLE while nothing listens (QuestDB may still be starting); the socket reads within the deadline after. */
    private static void connect(Socket raw, String host, int port, long deadline, String failed, Duration timeout) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw failedPrecondition(failed + "cannot resolve " + CertificateLabel.oneLine(host));
        }
        try {
            raw.connect(address, remainingMillis(deadline));
        } catch (ConnectException e) {
            throw AgentException.unavailable("tls_handshake_failed", failed + "connection refused", e);
        } catch (SocketTimeoutException e) {
            throw AgentException.unavailable("tls_handshake_failed", failed + "connect timed out after " + shown(timeout), e);
        }
        raw.setSoTimeout(remainingMillis(deadline));
    }

    private static String describe(IOException e, boolean timedOut, Duration timeout) {
        if (timedOut || e instanceof SocketTimeoutException) {
            return "no handshake within " + shown(timeout) + " (is the port plain text?)";
        }
        String detail = CertificateLabel.oneLine(String.valueOf(e.getMessage()));
        return e instanceof SSLException ? "handshake error: " + detail : "I/O error " + e.getClass().getSimpleName() + ": " + detail;
    }

    /** SSLRequest, then exactly one byte read unbuffered, so no TLS byte is consumed with it. */
    private static void requestSsl(Socket raw, String failed) throws IOException {
        DataOutputStream out = new DataOutputStream(raw.getOutputStream());
        out.writeInt(8);
        out.writeInt(SSL_REQUEST_CODE);
        out.flush();
        int answer = raw.getInputStream().read();
        switch (answer) {
            case 'S' -> {
            }
            case 'N' -> throw failedPrecondition(failed + "the server answered 'N' to SSLRequest: TLS is off on this port"
                    + " (pg.tls.enabled / tls.enabled)");
            case 'E' -> throw failedPrecondition(failed + "the server answered SSLRequest with an error message");
            case -1 -> throw failedPrecondition(failed + "the server closed the connection after SSLRequest");
            default -> throw failedPrecondition(failed + "the server answered SSLRequest with byte 0x"
                    + Integer.toHexString(answer) + ", not 'S' or 'N': not a PostgreSQL wire port?");
        }
    }

    private static HandshakeResult compare(SSLSession session, X509Certificate expectedLeaf, String endpoint, String failed)
            throws IOException {
        Certificate[] presented = session.getPeerCertificates();
        if (presented.length == 0 || !(presented[0] instanceof X509Certificate leaf)) {
            throw failedPrecondition(failed + "the server presented no X.509 certificate");
        }
        try {
            if (expectedLeaf != null && !MessageDigest.isEqual(leaf.getEncoded(), expectedLeaf.getEncoded())) {
                throw failedPrecondition(failed + "presented certificate differs: expected " + CertificateLabel.of(expectedLeaf)
                        + ", got " + CertificateLabel.of(leaf));
            }
        } catch (CertificateEncodingException e) {
            throw failedPrecondition(failed + "the presented certificate cannot be encoded");
        }
        return new HandshakeResult(endpoint, session.getProtocol(), session.getCipherSuite(),
                leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber(), presented.length);
    }

    /** Trusts every chain: this probe judges the presented leaf by comparing it, not by a trust store. */
    private static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAllManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw AgentException.internal("tls_unsupported", "this JDK offers no TLS client: " + e.getClass().getSimpleName(), e);
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) millis;
    }

    private static String shown(Duration timeout) {
        return timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toMillis() / 1000.0 + " s";
    }

    private static AgentException failedPrecondition(String message) {
        return AgentException.failedPrecondition("tls_handshake_failed", message);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the outcome is already decided
        }
    }
}
