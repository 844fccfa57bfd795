package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qfleet.agent.tls.TestPki.Issued;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A server on 127.0.0.1, port 0, serving one connection at a time on its own thread: TLS from the
 * first byte (an SSLServerSocket), PostgreSQL's SSLRequest then TLS, a PG port with TLS off, a
 * plain port that never answers, or one that answers in HTTP. Closing it joins the thread.
 */
final class TlsTestServer implements AutoCloseable {
    enum Mode {
        TLS, PG_TLS, PG_TLS_OFF, SILENT, PLAIN_HTTP
    }

    private final Mode mode;
    private final SSLContext context;
    private final String[] protocols;
    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private TlsTestServer(Mode mode, SSLContext context, String[] protocols) throws IOException {
        this.mode = mode;
        this.context = context;
        this.protocols = protocols;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.server = mode == Mode.TLS ? context.getServerSocketFactory().createServerSocket(0, 5, loopback)
                : new ServerSocket(0, 5, loopback);
        if (server instanceof SSLServerSocket tls && protocols.length > 0) {
            tls.setEnabledProtocols(protocols);
        }
        this.thread = new Thread(this::acceptLoop, "tls-test-server-" + mode);
        thread.setDaemon(true);
        thread.start();
    }

    /** Serves {@code leaf} with {@code chain} (leaf first), limited to {@code protocols} when any are given. */
    static TlsTestServer start(Mode mode, Issued leaf, List<Issued> chain, String... protocols) throws IOException {
        return new TlsTestServer(mode, context(leaf, chain), protocols);
    }

    static TlsTestServer start(Mode mode, Issued selfSigned) throws IOException {
        return start(mode, selfSigned, List.of(selfSigned));
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                synchronized (accepted) {
                    accepted.add(socket);
                }
                serve(socket);
            } catch (IOException e) {
                // a client that gave up, or the server closing: wait for the next one or stop
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        switch (mode) {
            case SILENT -> {
                // hold the connection, say nothing, until close()
            }
            case PLAIN_HTTP -> {
                socket.getInputStream().read();
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.close();
            }
            case TLS -> handshakeAndDrain((SSLSocket) socket);
            case PG_TLS, PG_TLS_OFF -> {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                int length = in.readInt();
                int code = in.readInt();
                if (length != 8 || code != HandshakeVerifier.SSL_REQUEST_CODE) {
                    socket.close(); // what a PG server does with a startup packet it cannot read
                    return;
                }
                socket.getOutputStream().write(mode == Mode.PG_TLS ? 'S' : 'N');
                socket.getOutputStream().flush();
                if (mode == Mode.PG_TLS_OFF) {
                    socket.close();
                    return;
                }
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                tls.setUseClientMode(false);
                if (protocols.length > 0) {
                    tls.setEnabledProtocols(protocols);
                }
                handshakeAndDrain(tls);
            }
        }
    }

    private static void handshakeAndDrain(SSLSocket tls) throws IOException {
        try (tls) {
            tls.startHandshake();
            while (tls.getInputStream().read() >= 0) {
                // until the client closes
            }
        }
    }

    private static SSLContext context(Issued leaf, List<Issued> chain) {
        try {
            char[] password = "test".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", leaf.privateKey(), password,
                    chain.stream().map(Issued::certificate).toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (accepted) {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), "test server thread still running");
    }
}
