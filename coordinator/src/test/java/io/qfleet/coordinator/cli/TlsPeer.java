package io.qfleet.coordinator.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate a QuestDB port presents in its TLS handshake, read without trusting it (the test
 * compares it byte for byte with the installed one): HTTP speaks TLS at once, PG wire after
 * PostgreSQL's SSLRequest ({@code 80877103}) is answered {@code S}.
 */
final class TlsPeer {
    private static final int SSL_REQUEST = 80877103;

    private TlsPeer() {
    }

    static X509Certificate http(String hostPort) throws IOException, GeneralSecurityException {
        return handshake(connect(hostPort), hostPort);
    }

    static X509Certificate pg(String hostPort) throws IOException, GeneralSecurityException {
        Socket socket = connect(hostPort);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(8);
        out.writeInt(SSL_REQUEST);
        out.flush();
        int answer = new DataInputStream(socket.getInputStream()).read();
        if (answer != 'S') {
            socket.close();
            throw new IOException(hostPort + " refused TLS on PG wire (answered " + answer + ")");
        }
        return handshake(socket, hostPort);
    }

    /** The first (leaf) certificate of a PEM file. */
    static X509Certificate leaf(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static Socket connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static X509Certificate handshake(Socket plain, String hostPort) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        int colon = hostPort.lastIndexOf(':');
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)), true)) {
            tls.startHandshake();
            return (X509Certificate) tls.getSession().getPeerCertificates()[0];
        }
    }
}
