package io.qfleet.agent.install;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing a half-built tree after a failure. Symlinks are deleted, never followed. */
public final class DirectoryTrees {
    private DirectoryTrees() {
    }

    /** Best effort: a cleanup must not hide the failure that caused it. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root, false);
        } catch (IOException e) {
            // Left for the operator: the caller's exception says what failed first.
        }
    }

    /** Deletes the tree, failing on the first entry that cannot be deleted (work whose result is the deletion). */
    public static void delete(Path root) throws IOException {
        delete(root, true);
    }

    private static void delete(Path root, boolean strict) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (strict) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (strict && e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
