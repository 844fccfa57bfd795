package io.qfleet.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The path rules for archive entries. Each check answers why an entry is unsafe (for the
 * message), or empty when it is fine.
 */
final class EntryPaths {
    /** Symlink hops followed while resolving a link target, as Linux's own limit (ELOOP). */
    private static final int MAX_HOPS = 40;

    private EntryPaths() {
    }

    /** Entry names are relative, without any {@code ..} segment, and stay under {@code root}. */
    static Optional<String> unsafeName(Path root, String name) {
        if (name.isEmpty()) {
            return Optional.of("has an empty name");
        }
        if (name.startsWith("/")) {
            return Optional.of("is an absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("has a '..' segment");
            }
        }
        if (!root.resolve(name).normalize().startsWith(root)) {
            return Optional.of("leaves the target directory");
        }
        return Optional.empty();
    }

    /**
     * Where a link target lands, walked segment by segment from {@code dir} and following links
     * that already exist, or empty when it leaves {@code root} at any step. Absolute targets are
     * refused outright: they name the host's files, not the distribution's.
     */
    static Optional<Path> resolveInside(Path root, Path dir, Path linkTarget) {
        return resolve(root, dir, linkTarget, new int[] {MAX_HOPS});
    }

    private static Optional<Path> resolve(Path root, Path dir, Path linkTarget, int[] hopsLeft) {
        if (linkTarget.isAbsolute() || linkTarget.toString().isEmpty()) {
            return Optional.empty();
        }
        Path current = dir;
        for (Path segment : linkTarget) {
            String name = segment.toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (current.equals(root)) {
                    return Optional.empty();
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (Files.isSymbolicLink(next)) {
                Optional<Path> followed = hopsLeft[0]-- > 0 ? follow(root, current, next, hopsLeft) : Optional.empty();
                if (followed.isEmpty()) {
                    return followed;
                }
                next = followed.get();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private static Optional<Path> follow(Path root, Path dir, Path link, int[] hopsLeft) {
        try {
            return resolve(root, dir, Files.readSymbolicLink(link), hopsLeft);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
