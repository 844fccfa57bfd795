package io.qfleet.coordinator.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code conf/server.conf} of one demo server: every listener on an ephemeral loopback port (other
 * processes may hold QuestDB's defaults) and the small footprint from TOOLCHAIN.md (~270 MB RSS each).
 * No {@code mat.view.*} key: 8.1.4 has no materialized views and would log it as a probable typo.
 */
record DemoServerConf(int http, int httpMin, int pg, int lineTcp) {
    private static final List<String> SMALL_FOOTPRINT = List.of(
            "shared.worker.count=1", "pg.worker.count=0", "http.worker.count=0", "line.tcp.writer.worker.count=0",
            "line.tcp.io.worker.count=0", "wal.apply.worker.count=0", "line.udp.enabled=false", "telemetry.enabled=false");

    /** Four distinct free ports: all sockets stay open until the last is taken, so none is handed out twice. */
    static DemoServerConf freshPorts() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 4; i++) {
                sockets.add(new ServerSocket(0, 1, loopback));
            }
            return new DemoServerConf(sockets.get(0).getLocalPort(), sockets.get(1).getLocalPort(),
                    sockets.get(2).getLocalPort(), sockets.get(3).getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket that never accepted: nothing to do
                }
            }
        }
    }

    void write(Path root) {
        StringBuilder conf = new StringBuilder("# written by qfleet demo: ephemeral loopback ports, small footprint\n");
        SMALL_FOOTPRINT.forEach(line -> conf.append(line).append('\n'));
        conf.append("http.net.bind.to=127.0.0.1:").append(http).append('\n')
                .append("http.min.net.bind.to=127.0.0.1:").append(httpMin).append('\n')
                .append("pg.net.bind.to=127.0.0.1:").append(pg).append('\n')
                .append("line.tcp.net.bind.to=127.0.0.1:").append(lineTcp).append('\n');
        try {
            Files.createDirectories(root.resolve("conf"));
            Files.writeString(root.resolve("conf/server.conf"), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve("conf/server.conf"), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pg + "/qdb?sslmode=disable&connectTimeout=5";
    }
}
