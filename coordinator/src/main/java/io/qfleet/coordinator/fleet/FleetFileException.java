package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The fleet file cannot be used. The message is one line an operator can act on:
 * {@code <file>:<line>: <key path>: <what> (<what to do>)}, e.g.
 * {@code fleet.yaml:9: hosts[1]: missing key 'agent'}. The line is 0 when the problem has none
 * (a missing file), and then left out of the message.
 */
public final class FleetFileException extends RuntimeException {

    private final Path file;
    private final int line;

    private FleetFileException(Path file, int line, String message) {
        super(message);
        this.file = requireNonNull(file, "file");
        this.line = line;
    }

    /** A problem with the whole file: {@code <file>: <detail>}. */
    static FleetFileException of(Path file, String detail) {
        return new FleetFileException(file, 0, file + ": " + oneLine(detail));
    }

    /** A problem at a line: {@code <file>:<line>: <path>: <detail>}, without the path at the root. */
    static FleetFileException at(Path file, int line, KeyPath path, String detail) {
        String where = path.isRoot() ? "" : path + ": ";
        return new FleetFileException(file, line, file + ":" + line + ": " + where + oneLine(detail));
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the problem in the file, 0 when it has none. */
    public int line() {
        return line;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
