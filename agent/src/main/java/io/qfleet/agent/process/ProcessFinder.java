package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the QuestDB server serving a root directory, whoever started it (us, an operator, a script).
 * QuestDB writes no pid file, so the command line is the only handle: main class plus {@code -d}.
 */
public final class ProcessFinder {
    private static final List<String> MAIN_CLASSES = List.of("io.questdb.ServerMain", "com.questdb.EntServerMain");

    private ProcessFinder() {
    }

    public static Optional<ProcessHandle> findQuestDb(Path root) {
        requireNonNull(root, "root");
        Path target = realPath(root.toAbsolutePath());
        long self = ProcessHandle.current().pid();
        // Only one server can hold the root's lock; the oldest match is the one serving it.
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> serves(p, target))
                .min(Comparator.comparing(p -> p.info().startInstant().orElse(Instant.MAX)));
    }

    private static boolean serves(ProcessHandle p, Path target) {
        List<String> args = arguments(p);
        if (args.stream().noneMatch(ProcessFinder::isMain)) {
            return false; // most processes: skip before touching /proc/<pid>/cwd
        }
        return rootOf(args, cwd(p)).map(target::equals).orElse(false);
    }

    /**
     * The real root of a QuestDB command line: the {@code -d} value after the main class (so JVM
     * options are never mistaken for it), relative values resolved against the process's cwd.
     */
    static Optional<Path> rootOf(List<String> args, Optional<Path> cwd) {
        int main = -1;
        for (int i = 0; i < args.size() && main < 0; i++) {
            if (isMain(args.get(i))) {
                main = i;
            }
        }
        for (int i = main + 1; main >= 0 && i < args.size() - 1; i++) {
            if (args.get(i).equals("-d")) {
                Path d = Path.of(args.get(i + 1));
                if (!d.isAbsolute()) {
                    if (cwd.isEmpty()) {
                        return Optional.empty();
                    }
                    d = cwd.get().resolve(d);
                }
                return Optional.of(realPath(d));
            }
        }
        return Optional.empty();
    }

    private static boolean isMain(String arg) {
        // "-m io.questdb/io.questdb.ServerMain", "--module=io.questdb/...", or a class name on a classpath launch
        return MAIN_CLASSES.stream().anyMatch(c -> arg.equals(c) || arg.endsWith("/" + c));
    }

    /** Full argument list, argv[0] included; {@code ProcessHandle.Info.arguments()} is often empty on Linux. */
    static List<String> arguments(ProcessHandle p) {
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            String raw = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            if (!raw.isEmpty()) {
                return Arrays.asList(raw.split("\0"));
            }
        } catch (IOException | SecurityException e) {
            // not Linux, another user's process, or it just exited: fall back below
        }
        List<String> args = new ArrayList<>();
        p.info().command().ifPresent(args::add);
        p.info().arguments().ifPresent(a -> args.addAll(Arrays.asList(a)));
        return args;
    }

    private static Optional<Path> cwd(ProcessHandle p) {
        try {
            return Optional.of(Path.of("/proc", Long.toString(p.pid()), "cwd").toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize(); // not there (yet): compare as written
        }
    }
}
