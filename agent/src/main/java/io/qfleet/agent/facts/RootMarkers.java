package io.qfleet.agent.facts;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared-storage guard's half on the host: each preflight writes this host's marker (its fleet
 * name as the file name, a fresh id inside) into {@code <root>/.qfleet/markers/}, then lists every
 * marker there. One file per host name, so a marker is never overwritten by another host's and a
 * host whose root is the same storage as an earlier writer's always sees that writer's marker. Which
 * markers are this preflight's (and not stale, or copied along with a root) only the coordinator
 * knows, from the ids it handed out.
 *
 * <p>QuestDB ignores directories in the root it does not know (its layout, QUESTDB.md section 2, is
 * conf/, db/, import/, public/, .checkpoint/, snapshot/, log/); the marker stays out of db/, whose
 * entries QuestDB reads as tables.
 */
public final class RootMarkers {
    /** Names and ids become file names and file contents: nothing that could escape the directory. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final int MAX_MARKER_BYTES = 256;

    private final Path root;

    public RootMarkers(Path root) {
        this.root = requireNonNull(root, "root");
    }

    /** One marker: the host it names and the id of the preflight that wrote it. */
    public record Marker(String hostName, String markerId) {}

    /** What a mark found: the root as resolved, and every marker there, sorted by host name. */
    public record Seen(Path root, List<Marker> markers) {
        public Seen {
            markers = List.copyOf(markers);
        }
    }

    public Seen mark(String hostName, String markerId) {
        requireValid("host name", hostName);
        requireValid("marker id", markerId);
        Path realRoot = realRoot();
        Path dir = markerDir(realRoot);
        try {
            AtomicFiles.write(dir.resolve(hostName), (markerId + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw AgentException.failedPrecondition("root_not_writable", "cannot write the shared-storage marker "
                    + dir.resolve(hostName) + ": " + e.getClass().getSimpleName() + "; the agent needs write access to the QuestDB root");
        }
        return new Seen(realRoot, read(dir));
    }

    /** {@code <root>/.qfleet/markers}: where every host's marker lives. */
    static Path markerDir(Path root) {
        return root.resolve(".qfleet").resolve("markers");
    }

    private Path realRoot() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("root_missing", "QuestDB root " + root + " does not exist or cannot be read ("
                    + e.getClass().getSimpleName() + "); check questdb.root in the agent settings");
        }
    }

    private static List<Marker> read(Path dir) {
        List<Marker> markers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.comparing(Path::toString))::iterator) {
                String host = file.getFileName().toString();
                String id = id(file);
                // Temp files (".name.tmp") and anything not written by an agent are skipped.
                if (NAME.matcher(host).matches() && id != null) {
                    markers.add(new Marker(host, id));
                }
            }
        } catch (IOException e) {
            throw AgentException.failedPrecondition("root_not_readable", "cannot list " + dir + ": " + e.getClass().getSimpleName());
        }
        return markers;
    }

    private static String id(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            String id = new String(in.readNBytes(MAX_MARKER_BYTES), StandardCharsets.US_ASCII).strip();
            return NAME.matcher(id).matches() ? id : null;
        } catch (IOException e) {
            return null; // removed meanwhile: not a marker of this preflight either
        }
    }

    private static void requireValid(String what, String value) {
        requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw AgentException.invalidArgument("bad_marker", what + ": '" + value.replaceAll("[^\\x20-\\x7e]", "?")
                    + "' (expected: 1-100 of A-Z a-z 0-9 . _ -, not starting with a dot)");
        }
    }
}
