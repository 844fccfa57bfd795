package io.qfleet.coordinator.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the QuestDB servers serving one demo root, whoever started them: after the migration the
 * 8.1.4 server the fleet started is gone and the agent's 9.2.2 child serves the root. QuestDB writes
 * no pid file, so the command line is the handle; only {@code io.questdb.ServerMain} (or Enterprise's
 * {@code com.questdb.EntServerMain}, once a demo root was moved to Enterprise) with
 * {@code -d <this root>} matches, so nothing else on the machine is ever signalled.
 */
final class QuestDbFinder {
    private static final List<String> MAINS = List.of("io.questdb.ServerMain", "com.questdb.EntServerMain");

    private QuestDbFinder() {
    }

    static List<ProcessHandle> serving(Path root) {
        Path target = canonical(root.toString());
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> serves(commandLine(p.pid()), target))
                .toList();
    }

    /** True for a QuestDB command line whose {@code -d} names {@code root}. */
    static boolean serves(List<String> args, Path root) {
        boolean main = args.stream().anyMatch(a -> MAINS.stream().anyMatch(m -> a.equals(m) || a.endsWith("/" + m)));
        if (!main) {
            return false;
        }
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("-d") && Path.of(args.get(i + 1)).isAbsolute() && canonical(args.get(i + 1)).equals(root)) {
                return true;
            }
        }
        return false;
    }

    static Path canonical(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        try {
            return p.toRealPath(); // /tmp may be a symlink; the agent may have written either spelling
        } catch (IOException e) {
            return p;
        }
    }

    /** {@code /proc/<pid>/cmdline}, NUL-separated; empty for zombies, other users' processes, or off Linux. */
    private static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
