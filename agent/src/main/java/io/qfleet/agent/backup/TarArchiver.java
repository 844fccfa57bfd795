package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams directory trees into one tar, as {@code tar -cf -} would: directories, regular files and
 * symlinks (never followed), POSIX long names and big sizes, permission bits and mtimes kept,
 * names sorted so two archives of the same tree are laid out alike. Each file's digest is taken
 * while it is read, so the content is read once.
 *
 * <p>Files may change under a live database. A file's size is fixed when it is opened and exactly
 * that many bytes are archived: growth after that is cut off, and a file that shrank is padded with
 * zeros (counted in {@link Result#shrunk()}). In checkpoint mode neither matters for the restore:
 * QuestDB's recovery rolls every table back to what the checkpoint pinned, which lies within the
 * bytes archived. A file that vanishes between listing and opening is skipped and counted.
 */
final class TarArchiver {
    static final int CHUNK = 1 << 20;
    private static final int BLOCK_SIZE = 64 * 512;

    /** Where a tree is read from, and the prefix of its entries ("" = top level). */
    record Source(Path dir, String archiveName) {
        Source {
            requireNonNull(dir, "dir");
            requireNonNull(archiveName, "archiveName");
        }
    }

    record Result(List<ManifestEntry> entries, long sourceBytes, int files, int vanished, int shrunk, int skipped) {
        Result {
            entries = List.copyOf(entries);
        }
    }

    private final Predicate<Path> excluded;
    private final String digestAlgorithm;
    private final ArchiveProgress listener;
    private final byte[] buffer = new byte[CHUNK];
    private final List<ManifestEntry> entries = new ArrayList<>();
    private ContentDigest digest;
    private long bytes;
    private int files;
    private int vanished;
    private int shrunk;
    private int skipped;

    TarArchiver(Predicate<Path> excluded, String digestAlgorithm, ArchiveProgress listener) {
        this.excluded = requireNonNull(excluded, "excluded");
        this.digestAlgorithm = requireNonNull(digestAlgorithm, "digestAlgorithm");
        this.listener = requireNonNull(listener, "listener");
    }

    /** Writes every source into {@code sink} and finishes the tar; closing {@code sink} is the caller's. */
    Result write(List<Source> sources, OutputStream sink) throws IOException {
        digest = ContentDigest.of(digestAlgorithm);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(sink, BLOCK_SIZE, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        for (Source source : sources) {
            String prefix = source.archiveName().isEmpty() ? "" : source.archiveName() + "/";
            if (!prefix.isEmpty()) {
                addDirectory(tar, source.dir(), prefix);
            }
            walk(tar, source.dir(), prefix);
        }
        tar.finish(); // the end-of-archive records; the caller closes the compressor and the file
        return new Result(entries, bytes, files, vanished, shrunk, skipped);
    }

    private void walk(TarArchiveOutputStream tar, Path dir, String prefix) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException e) {
            vanished++;
            return;
        }
        children.sort(null);
        for (Path child : children) {
            listener.checkCancelled();
            if (excluded.test(child)) {
                continue;
            }
            String name = prefix + child.getFileName();
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                vanished++;
                continue;
            }
            if (attributes.isSymbolicLink()) {
                addSymlink(tar, child, name);
            } else if (attributes.isDirectory()) {
                addDirectory(tar, child, name + "/");
                walk(tar, child, name + "/");
            } else if (attributes.isRegularFile()) {
                addFile(tar, child, name, attributes);
            } else {
                skipped++; // sockets, FIFOs, devices: QuestDB makes none, and restore would refuse them
            }
        }
    }

    private void addDirectory(TarArchiveOutputStream tar, Path dir, String name) throws IOException {
        int mode;
        FileTime modified;
        try {
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            mode = mode(attributes.permissions());
            modified = attributes.lastModifiedTime();
        } catch (NoSuchFileException e) {
            vanished++;
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
        entry.setModTime(seconds(modified));
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries.add(ManifestEntry.directory(name, mode));
    }

    private void addSymlink(TarArchiveOutputStream tar, Path link, String name) throws IOException {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException e) {
            vanished++;
            return;
        }
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        entries.add(ManifestEntry.symlink(name, target));
    }

    private void addFile(TarArchiveOutputStream tar, Path file, String name, PosixFileAttributes attributes) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            vanished++;
            return;
        }
        try (channel) {
            long size = channel.size();
            int mode = mode(attributes.permissions());
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
            entry.setModTime(seconds(attributes.lastModifiedTime()));
            tar.putArchiveEntry(entry);
            long left = size;
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            while (left > 0) {
                listener.checkCancelled();
                wrapped.clear().limit((int) Math.min(buffer.length, left));
                int n = channel.read(wrapped);
                if (n < 0) {
                    padShrunkFile(tar, left);
                    break;
                }
                digest.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                left -= n;
                bytes += n;
                listener.bytesDone(bytes);
            }
            tar.closeArchiveEntry();
            files++;
            entries.add(ManifestEntry.file(name, size, mode, digest.finish()));
        }
    }

    private void padShrunkFile(TarArchiveOutputStream tar, long left) throws IOException {
        shrunk++;
        Arrays.fill(buffer, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            digest.update(buffer, 0, n);
            tar.write(buffer, 0, n);
            left -= n;
            bytes += n;
        }
    }

    /** Whole seconds, as tar keeps them: a fraction would cost a PAX header per entry. */
    private static FileTime seconds(FileTime time) {
        return FileTime.from(time.to(TimeUnit.SECONDS), TimeUnit.SECONDS);
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
