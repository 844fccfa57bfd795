package io.qfleet.agent.files;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a path really leads, whether or not it exists yet: the nearest ancestor that exists is
 * resolved by the kernel ({@code toRealPath}: symlinks followed, {@code ..} taken physically), the
 * rest is appended by name. A path that may not exist yet cannot be checked against its own real
 * path, and a lexical {@code normalize()} is wrong once a symlink precedes a {@code ..}.
 */
public final class RealPaths {
    private RealPaths() {
    }

    /**
     * The real location of {@code path}.
     *
     * @throws IOException when the path is relative, has a {@code ..} below the part that exists
     *     (it names nothing), or passes through a symlink that points nowhere (a write through it
     *     would create the link's target, wherever that is)
     */
    public static Path of(Path path) throws IOException {
        requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IOException(path + " is not an absolute path");
        }
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException(path + " has no existing ancestor"); // only a missing "/" gets here
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new IOException(path + " passes through " + existing + ", a symlink that points nowhere", e);
        }
        while (!missing.isEmpty()) {
            String name = missing.pop().toString();
            if (name.equals("..")) {
                throw new IOException(path + " has '..' below " + existing + ", which does not exist");
            }
            if (!name.equals(".")) {
                real = real.resolve(name);
            }
        }
        return real;
    }

    /** {@link #of} where the path can be resolved, else its absolute normal form: for comparing settings. */
    public static Path bestEffort(Path path) {
        try {
            return of(path.toAbsolutePath());
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
