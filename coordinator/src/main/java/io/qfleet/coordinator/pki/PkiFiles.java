package io.qfleet.coordinator.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes PKI files: a temp file in the same directory, created new with its final mode (0600 for
 * secrets, 0644 for certificates) before a byte of content lands, fsync'd, then renamed into place.
 * A key is never readable by others, not even for a moment between write and chmod.
 */
public final class PkiFiles {
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private PkiFiles() {
    }

    /** The first of {@code files} that exists, which a command refuses to replace without --force. */
    public static Optional<Path> firstExisting(List<Path> files) {
        return files.stream().filter(Files::exists).findFirst();
    }

    public static void writePrivate(Path file, byte[] content) {
        write(file, content, PRIVATE);
    }

    public static void writePublic(Path file, byte[] content) {
        write(file, content, PUBLIC);
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> mode) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(mode))) {
                Files.setPosixFilePermissions(temp, mode); // exact: the umask may have taken bits a certificate needs
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot write " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The rename itself survives a crash only once the directory is on disk too. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
