package io.qfleet.agent.backup;

import io.qfleet.agent.AgentException;
import io.qfleet.proto.BackupRoom;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Refuses a backup that would not fit before QuestDB is put into checkpoint mode: about the source
 * size times the compression's share, plus a fixed margin for the manifest, tar headers and
 * whatever else lands on that disk meanwhile ({@link BackupRoom}, which preflight asks for too),
 * must be usable in {@code backup_dir}. A write that still fills the disk is caught as {@code disk_full} too.
 */
public final class SpaceCheck {
    private static final double GIB = 1 << 30;
    private static final double MIB = 1 << 20;

    /** Tests only: a factor that replaces the compression's, and no margin, so a write can outgrow the check. */
    static volatile double testFactorOverride = -1;

    private SpaceCheck() {
    }

    /**
     * Measures the sources and refuses (RESOURCE_EXHAUSTED {@code disk_full}) when their archive
     * would not fit in {@code dir}; returns the source size, the backup's progress total.
     */
    public static long requireRoomFor(List<ArchivedRoot> sources, Predicate<Path> excluded, Compression compression, Path dir)
            throws IOException {
        long sourceBytes = sourceBytes(sources.stream().map(s -> Path.of(s.path())).toList(), excluded);
        require(estimate(sourceBytes, compression), dir);
        return sourceBytes;
    }

    /** Sum of the regular files' sizes under the sources (symlinks not followed). */
    static long sourceBytes(List<Path> sources, Predicate<Path> excluded) throws IOException {
        long[] total = {0};
        for (Path source : sources) {
            if (!Files.isDirectory(source)) {
                continue;
            }
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return excluded.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !excluded.test(file)) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a file removed while we walk
                }
            });
        }
        return total[0];
    }

    static long estimate(long sourceBytes, Compression compression) {
        double override = testFactorOverride;
        if (override >= 0) {
            return (long) Math.ceil(sourceBytes * override);
        }
        return BackupRoom.bytes(sourceBytes, compression.wireName());
    }

    /** Throws RESOURCE_EXHAUSTED {@code disk_full} when the estimate exceeds the usable space of {@code dir}. */
    static void require(long estimate, Path dir) throws IOException {
        long usable = Files.getFileStore(dir).getUsableSpace();
        if (estimate > usable) {
            throw AgentException.resourceExhausted("disk_full", "backup needs about " + size(estimate, usable) + " in "
                    + dir + ", " + size(usable, estimate) + " free");
        }
    }

    /** GiB with two decimals; MiB when both numbers of the message are below 1 GiB, so neither reads 0.00. */
    private static String size(long bytes, long other) {
        if (bytes < GIB && other < GIB) {
            return String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / MIB));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }
}
