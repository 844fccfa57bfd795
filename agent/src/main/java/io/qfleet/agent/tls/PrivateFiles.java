package io.qfleet.agent.tls;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * {@link AtomicFiles#write} for a secret: the same temp file, fsync and atomic rename, but the temp
 * file is created new (never through a planted symlink) with its final mode and owner before a byte
 * is written. {@code AtomicFiles} creates its temp file with the umask's mode, often 0644, and a
 * chmod after the rename would leave the key readable by all for a moment.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    public static void write(Path file, byte[] content, Set<PosixFilePermission> mode, UserPrincipal owner, GroupPrincipal group) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp); // left by a crash; a symlink is removed, not followed
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(mode))) {
                setAttributes(temp, mode, owner, group);
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.forceDirectory(file.toAbsolutePath().getParent());
        } catch (FileAlreadyExistsException e) {
            throw AgentException.aborted("tls_install_busy", "temp file " + temp + " appeared while writing " + file
                    + "; another install is running");
        } catch (IOException e) {
            deleteQuietly(temp);
            throw AgentException.internal("tls_install_failed", "cannot write " + file + ": " + e.getClass().getSimpleName(), e);
        } catch (AgentException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Exact mode (whatever the umask took away), the directory's owner (FAILED_PRECONDITION
     * {@code tls_owner} when the agent may not chown) and, where allowed, its group.
     */
    static void setAttributes(Path file, Set<PosixFilePermission> mode, UserPrincipal owner, GroupPrincipal group)
            throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(mode);
        if (!view.getOwner().equals(owner)) {
            try {
                view.setOwner(owner);
            } catch (IOException e) {
                throw AgentException.failedPrecondition("tls_owner", "cannot give " + file + " the owner " + owner.getName()
                        + " of its directory (" + e.getClass().getSimpleName()
                        + "); QuestDB's user must be able to read it: run the agent as that user or with the right to chown");
            }
        }
        if (!view.readAttributes().group().equals(group)) {
            try {
                view.setGroup(group);
            } catch (IOException e) {
                // the owner's bits are what QuestDB reads by; the group is only kept tidy where allowed
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the failure being reported matters more; a stale temp file is removed by the next install
        }
    }
}
