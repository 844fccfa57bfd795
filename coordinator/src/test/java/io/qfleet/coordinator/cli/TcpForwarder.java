package io.qfleet.coordinator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Test plumbing run inside a network namespace ({@code ip netns exec NS java -cp ... TcpForwarder
 * <address> <port>...}): for each port, accepts on {@code <address>:<port>} (the namespace's veth
 * address) and relays to {@code 127.0.0.1:<port>} (the namespace's own loopback, where the agent
 * and QuestDB listen, since the agent serves plaintext gRPC on loopback only). It stands for nothing:
 * a cut veth link cuts every relayed connection, as it would cut a remote host. Prints READY.
 */
public final class TcpForwarder {
    private TcpForwarder() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress address = InetAddress.getByName(args[0]);
        for (int i = 1; i < args.length; i++) {
            int port = Integer.parseInt(args[i]);
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port));
            daemon("accept-" + port, () -> accept(server, port));
        }
        System.out.println("READY");
        System.out.flush();
        try {
            Thread.currentThread().join(); // until SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void accept(ServerSocket server, int port) {
        while (true) {
            try {
                Socket client = server.accept();
                Socket local = new Socket(InetAddress.getLoopbackAddress(), port);
                daemon("up-" + port, () -> relay(client, local));
                daemon("down-" + port, () -> relay(local, client));
            } catch (IOException e) {
                System.err.println("forwarder " + port + ": " + e);
            }
        }
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other direction or a cut link ended it
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
