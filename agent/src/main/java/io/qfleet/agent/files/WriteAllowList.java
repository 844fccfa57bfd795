package io.qfleet.agent.files;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The only places the agent writes: whole directory trees (the QuestDB root, the install dir, the
 * agent's own dirs) and the siblings a swap or a restore creates beside a directory, such as
 * {@code /opt/questdb.staged-*}. Every path is compared by where it really leads ({@link RealPaths}),
 * so neither {@code ..} nor a symlink inside an allowed directory gets a write out of it.
 */
public final class WriteAllowList {
    private final List<Area> areas;

    private WriteAllowList(List<Area> areas) {
        this.areas = List.copyOf(areas);
    }

    /**
     * The areas with their directories resolved now, at start: a directory replaced by a symlink
     * later does not move the area to wherever the link points.
     */
    public static WriteAllowList of(List<Area> areas) {
        if (requireNonNull(areas, "areas").isEmpty()) {
            throw new IllegalArgumentException("areas: empty (expected at least one)");
        }
        return new WriteAllowList(areas.stream().map(Area::resolved).toList());
    }

    /**
     * One allowed area, named by the settings key it comes from.
     *
     * @param prefixes empty: {@code dir} and everything below it; else only the siblings of
     *     {@code dir} whose name is {@code <dir name><prefix><something>}, and what is below them
     */
    public record Area(String key, Path dir, List<String> prefixes) {
        public Area {
            requireNonNull(key, "key");
            dir = requireNonNull(dir, "dir").toAbsolutePath().normalize();
            prefixes = List.copyOf(prefixes);
            if (dir.getParent() == null) {
                throw new IllegalArgumentException(key + ": " + dir + " (expected: a directory below /)");
            }
        }

        private Area resolved() {
            return new Area(key, prefixes.isEmpty() ? RealPaths.bestEffort(dir)
                    : RealPaths.bestEffort(dir.getParent()).resolve(dir.getFileName()), prefixes);
        }

        public static Area tree(String key, Path dir) {
            return new Area(key, dir, List.of());
        }

        public static Area siblings(String key, Path dir, List<String> prefixes) {
            if (prefixes.isEmpty()) {
                throw new IllegalArgumentException(key + ": no sibling prefixes");
            }
            return new Area(key, dir, prefixes);
        }

        boolean contains(Path real) {
            if (prefixes.isEmpty()) {
                return real.startsWith(dir);
            }
            Path parent = dir.getParent();
            if (!real.startsWith(parent) || real.equals(parent)) {
                return false;
            }
            String first = parent.relativize(real).getName(0).toString();
            String name = dir.getFileName().toString();
            return prefixes.stream().anyMatch(p -> first.startsWith(name + p) && first.length() > (name + p).length());
        }

        String describe() {
            if (prefixes.isEmpty()) {
                return key + " " + dir;
            }
            return "siblings of " + key + " named " + prefixes.stream().map(p -> dir.getFileName() + p + "*")
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * The real path of {@code path}, or FAILED_PRECONDITION {@code path_not_allowed} when it leads
     * outside every area (or cannot be resolved). For paths the agent derives itself.
     *
     * @param what names the path in the message, e.g. "staged dir"
     */
    public Path require(Path path, String what) {
        return check(path, what, AgentException.Kind.FAILED_PRECONDITION);
    }

    /** As {@link #require}, but INVALID_ARGUMENT: for a path a request named. */
    public Path requireRequested(Path path, String what) {
        return check(path, what, AgentException.Kind.INVALID_ARGUMENT);
    }

    /** Whether a write to {@code path} would stay inside an area. */
    public boolean allows(Path path) {
        try {
            Path real = RealPaths.of(path);
            return areas.stream().anyMatch(a -> a.contains(real));
        } catch (IOException e) {
            return false;
        }
    }

    /** The areas, for messages and the start-up log. */
    public String describe() {
        return areas.stream().map(Area::describe).collect(Collectors.joining("; "));
    }

    private Path check(Path path, String what, AgentException.Kind kind) {
        requireNonNull(path, "path");
        Path real;
        try {
            real = RealPaths.of(path);
        } catch (IOException e) {
            throw refused(kind, what + " " + path + " cannot be checked: " + e.getMessage());
        }
        if (areas.stream().noneMatch(a -> a.contains(real))) {
            String resolved = real.equals(path) ? "" : " (resolves to " + real + ")";
            throw refused(kind, what + " " + path + resolved + " is outside the directories the agent writes");
        }
        return real;
    }

    private AgentException refused(AgentException.Kind kind, String message) {
        return new AgentException(kind, "path_not_allowed", message + "; allowed: " + describe(), false, null);
    }
}
