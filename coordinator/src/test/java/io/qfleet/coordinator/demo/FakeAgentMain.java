package io.qfleet.coordinator.demo;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stands in for {@code qfleet-agent} in tests (run as a child process): reads {@code listen} from the
 * settings, listens there and prints the SERVING line the real agent prints, then accepts until killed.
 */
public final class FakeAgentMain {
    private FakeAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--settings")) {
            System.err.println("usage: FakeAgentMain --settings <agent.yaml>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        String listen = lines.stream().filter(l -> l.startsWith("listen:")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listen: in " + args[1]))
                .substring("listen:".length()).trim();
        String host = listen.substring(0, listen.lastIndexOf(':'));
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host))) {
            System.out.println("fake agent starting");
            System.out.println("SERVING " + host + ":" + server.getLocalPort());
            System.out.flush();
            while (true) {
                server.accept().close();
            }
        }
    }

    /** The launch prefix LocalFleet appends {@code --settings <file>} to. */
    static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FakeAgentMain.class.getName());
    }
}
