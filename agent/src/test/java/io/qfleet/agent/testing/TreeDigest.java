package io.qfleet.agent.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A directory tree as relative path to "dir", "link -> target" or the file's SHA-256, for
 * before/after comparisons whose failure shows exactly which entry changed. Links are not followed.
 */
public final class TreeDigest {
    private TreeDigest() {
    }

    public static SortedMap<String, String> of(Path dir) throws IOException {
        return of(dir, p -> false);
    }

    /** {@code skip} gets paths relative to {@code dir}; a skipped directory is left out with its contents. */
    public static SortedMap<String, String> of(Path dir, Predicate<Path> skip) throws IOException {
        SortedMap<String, String> tree = new TreeMap<>();
        if (!Files.exists(dir)) {
            return tree;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                Path relative = dir.relativize(d);
                if (!relative.toString().isEmpty() && skip.test(relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                tree.put(relative + "/", "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = dir.relativize(file);
                if (skip.test(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    tree.put(relative.toString(), "link -> " + Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    tree.put(relative.toString(), Distributions.sha256(file));
                } else {
                    tree.put(relative.toString(), "other");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return tree;
    }
}
