package io.qfleet.agent.install;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One run of {@link SafeArchiveExtractor}: each entry is checked, then written under {@code root}.
 * Symlinks wait in {@link DeferredSymlinks} until every file is written; an entry below a
 * symlink's path is refused, since it could only be written through that link.
 */
final class TarExtraction {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final String archiveName;
    private final Path root;
    private final TarReader reader;
    private final DeferredSymlinks symlinks;
    private final ExtractOptions options;
    private final List<Map.Entry<Path, Integer>> directoryModes = new ArrayList<>();
    private String top;
    private boolean singleTop = true;
    private int entries;
    private long bytes;

    TarExtraction(String archiveName, Path root, TarArchiveInputStream tar, InputStream decompressed, ExtractOptions options) {
        this.options = options;
        this.archiveName = archiveName;
        this.root = root;
        this.reader = new TarReader(archiveName, tar, decompressed);
        this.symlinks = new DeferredSymlinks(archiveName, root);
    }

    ExtractResult run() throws IOException {
        TarArchiveEntry entry;
        while ((entry = reader.next()) != null) {
            if (entry.isGlobalPaxHeader()) {
                continue;
            }
            String name = entry.getName();
            EntryPaths.unsafeName(root, name).ifPresent(why -> {
                throw unsafe(name, why);
            });
            Path relative = Path.of(name).normalize();
            entries++;
            if (!relative.toString().isEmpty() && options.writes(relative)) {
                noteTopLevel(relative, entry);
                writeEntry(entry, name, relative);
            }
        }
        reader.drain();
        if (entries == 0) {
            throw reader.corrupt(new IOException("it holds no entries"));
        }
        symlinks.createAll();
        for (int i = directoryModes.size() - 1; i >= 0; i--) { // children first: a parent may become read-only
            setMode(directoryModes.get(i).getKey(), permissions(directoryModes.get(i).getValue()));
        }
        boolean strip = options.stripSingleTopDirectory() && singleTop && top != null;
        if (strip) {
            stripTopDirectory();
        }
        symlinks.verifyAll(strip);
        return new ExtractResult(entries, bytes);
    }

    private void writeEntry(TarArchiveEntry entry, String name, Path relative) throws IOException {
        symlinks.enclosing(relative).ifPresent(link -> {
            throw unsafe(name, "lies below the symlink " + Quote.of(link.toString()));
        });
        Path dest = root.resolve(relative);
        try {
            // Link and device flags first: a name ending in '/' alone would make them look like directories.
            if (entry.isSymbolicLink()) {
                symlinks.defer(name, relative, entry.getLinkName());
            } else if (entry.isLink()) {
                writeHardLink(entry, name, dest);
            } else if (entry.isCharacterDevice()) {
                throw unsafe(name, "is a character device");
            } else if (entry.isBlockDevice()) {
                throw unsafe(name, "is a block device");
            } else if (entry.isFIFO()) {
                throw unsafe(name, "is a FIFO");
            } else if (entry.isDirectory()) {
                Files.createDirectories(dest);
                setMode(dest, EXECUTABLE);
                if (options.keepModes()) {
                    directoryModes.add(Map.entry(dest, entry.getMode() & 0777));
                }
            } else if (isRegularFile(entry)) {
                writeFile(entry, dest);
            } else {
                throw unsafe(name, "has the unsupported type " + Quote.of(String.valueOf((char) entry.getLinkFlag())));
            }
        } catch (FileAlreadyExistsException e) {
            throw unsafe(name, "appears twice or collides with another entry");
        }
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private void writeFile(TarArchiveEntry entry, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            bytes += reader.copyEntry(out);
        }
        if (options.keepModes()) {
            setMode(dest, permissions(entry.getMode() & 0777));
        } else {
            setMode(dest, (entry.getMode() & 0100) != 0 ? EXECUTABLE : PLAIN);
        }
    }

    /** The permission bits of a tar mode; setuid, setgid and sticky are never restored. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private void writeHardLink(TarArchiveEntry entry, String name, Path dest) throws IOException {
        // Hard link names are relative to the archive root, not to the entry's directory.
        String linkName = entry.getLinkName();
        if (linkName.startsWith("/")) {
            throw unsafe(name, "is a hard link to the absolute path " + Quote.of(linkName));
        }
        Path source = EntryPaths.resolveInside(root, root, Path.of(linkName)).orElseThrow(() ->
                unsafe(name, "is a hard link to " + Quote.of(linkName) + ", outside the target directory"));
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(name, "is a hard link to " + Quote.of(linkName) + ", which is not a file extracted before it");
        }
        Files.createDirectories(dest.getParent());
        Files.createLink(dest, source);
    }

    /** Whether every entry sits under one top-level directory, to strip it as tar --strip-components 1. */
    private void noteTopLevel(Path relative, TarArchiveEntry entry) {
        String first = relative.getName(0).toString();
        if (top == null && singleTop) {
            top = first;
        }
        if (!first.equals(top) || (relative.getNameCount() == 1 && !entry.isDirectory())) {
            singleTop = false;
        }
    }

    private void stripTopDirectory() throws IOException {
        Path holding = Files.createTempDirectory(root.getParent(), "." + root.getFileName() + ".strip-");
        try {
            Path moved = holding.resolve("top");
            Files.move(root.resolve(top), moved, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(root);
            Files.move(moved, root, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            DirectoryTrees.deleteQuietly(holding);
        }
    }

    private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    private AgentException unsafe(String entryName, String why) {
        return unsafe(archiveName, entryName, why);
    }

    static AgentException unsafe(String archiveName, String entryName, String why) {
        return AgentException.invalidArgument("unsafe_archive_entry", "archive " + archiveName + ": entry "
                + Quote.of(entryName) + " " + why + " (refused; nothing was installed)");
    }
}
