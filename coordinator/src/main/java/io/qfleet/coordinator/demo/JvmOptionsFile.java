package io.qfleet.coordinator.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code conf/jvm.options} as {@code bin/qfleet-agent} does: '#' starts a comment, options are
 * separated by blanks and line ends. The demo's agents then run with the packaged agent's options.
 */
final class JvmOptionsFile {
    private JvmOptionsFile() {}

    static List<String> read(Path file) {
        List<String> options = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int comment = line.indexOf('#');
                String text = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (!text.isEmpty()) {
                    options.addAll(List.of(text.split("\\s+")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the agent's JVM options: " + e.getMessage(), e);
        }
        if (options.isEmpty()) {
            throw new IllegalStateException(file + ": no JVM options in it (expected the agent's, e.g. -Xmx64m)");
        }
        return List.copyOf(options);
    }
}
