package io.qfleet.agent.install;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The symlinks of one extraction. They are created only after every file and directory is
 * written, so no write can be redirected through one. Each is checked when its entry is read and
 * resolved again, through the links it crosses, once all exist and the top directory is stripped:
 * that catches chains that only escape together, and links that escape once stripped.
 */
final class DeferredSymlinks {
    private record Pending(String entryName, Path relative, Path target) {
    }

    private final String archiveName;
    private final Path root;
    private final List<Pending> pending = new ArrayList<>();
    private final Set<Path> paths = new HashSet<>();

    DeferredSymlinks(String archiveName, Path root) {
        this.archiveName = archiveName;
        this.root = root;
    }

    void defer(String entryName, Path relative, String linkName) {
        if (linkName.startsWith("/")) {
            throw TarExtraction.unsafe(archiveName, entryName, "is a symlink to the absolute path " + Quote.of(linkName));
        }
        Path dir = root.resolve(relative).getParent();
        if (linkName.isEmpty() || EntryPaths.resolveInside(root, dir, Path.of(linkName)).isEmpty()) {
            throw TarExtraction.unsafe(archiveName, entryName,
                    "is a symlink to " + Quote.of(linkName) + ", outside the target directory");
        }
        pending.add(new Pending(entryName, relative, Path.of(linkName)));
        paths.add(relative);
    }

    /** The symlink an entry would be written through, if any. */
    Optional<Path> enclosing(Path relative) {
        for (Path parent = relative.getParent(); parent != null; parent = parent.getParent()) {
            if (paths.contains(parent)) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    void createAll() throws IOException {
        for (Pending link : pending) {
            Path dest = root.resolve(link.relative());
            Files.createDirectories(dest.getParent());
            try {
                Files.createSymbolicLink(dest, link.target());
            } catch (FileAlreadyExistsException e) {
                throw TarExtraction.unsafe(archiveName, link.entryName(), "collides with another entry");
            }
        }
    }

    void verifyAll(boolean topStripped) {
        for (Pending link : pending) {
            Path relative = link.relative();
            Path dest = root.resolve(topStripped ? relative.subpath(1, relative.getNameCount()) : relative);
            if (EntryPaths.resolveInside(root, dest.getParent(), link.target()).isEmpty()) {
                throw TarExtraction.unsafe(archiveName, link.entryName(), "is a symlink to "
                        + Quote.of(link.target().toString()) + ", which leaves the target directory through other links");
            }
        }
    }
}
