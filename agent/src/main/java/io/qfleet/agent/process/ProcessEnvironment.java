package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One variable of a running process's environment, from {@code /proc/<pid>/environ}: what QuestDB's
 * {@code QDB_*} overrides of server.conf were when it started (QUESTDB.md 5: the environment beats the
 * file). Empty when the variable is unset, or the file cannot be read (another user's process, no /proc).
 */
public final class ProcessEnvironment {
    private ProcessEnvironment() {
    }

    public static Optional<String> variable(long pid, String name) {
        requireNonNull(name, "name");
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        String prefix = name + "=";
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(prefix)) {
                return Optional.of(entry.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }
}
