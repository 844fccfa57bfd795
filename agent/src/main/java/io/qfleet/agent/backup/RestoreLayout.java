package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The file moves of a restore. The directories a backup replaces (the root, and any external data
 * directory it recorded) are renamed aside to {@code <dir>.before-restore-<operation id>}, never
 * deleted; external trees unpacked under {@code <root>/_external/<name>} are renamed to where they
 * came from; files get the owner of the root they replace, so a QuestDB running as its own user can
 * still write them when the agent unpacked them as root.
 */
public final class RestoreLayout {
    private static final Logger LOG = System.getLogger(RestoreLayout.class.getName());
    public static final String RESTORE_TRIGGER = "_restore";
    /** {@code <dir name>.before-restore-<operation id>}: what a restore replaced. */
    public static final String ASIDE = ".before-restore-";

    private RestoreLayout() {
    }

    /** A directory renamed aside by {@link #moveAside}. */
    public record Moved(Path dir, Path aside) {
    }

    public static Path asideOf(Path dir, String operationId) {
        return dir.resolveSibling(dir.getFileName() + ASIDE + operationId);
    }

    /** The directories a restore of {@code manifest} replaces: {@code root} first, then the external ones. */
    public static List<Path> replaced(Path root, BackupManifest manifest) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(root);
        manifest.roots().stream().filter(ArchivedRoot::external).map(r -> Path.of(r.path())).forEach(dirs::add);
        return dirs;
    }

    /** Renames each existing dir aside; returns those that moved, for {@link #moveBack}. */
    public static List<Moved> moveAside(List<Path> dirs, String operationId) throws IOException {
        List<Moved> moved = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Path aside = asideOf(dir, operationId);
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                    moved.add(new Moved(dir, aside));
                }
            }
        } catch (IOException e) {
            moveBack(moved);
            throw e;
        }
        return moved;
    }

    /** Best effort: puts renamed dirs back where nothing else took their place. */
    public static void moveBack(List<Moved> moved) {
        for (Moved m : moved) {
            try {
                if (!Files.exists(m.dir(), LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(m.aside(), m.dir(), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot move {0} back to {1}: {2}", m.aside(), m.dir(), e.toString());
            }
        }
    }

    /** Renames {@code <root>/_external/<name>} trees to their recorded paths and drops the empty {@code _external}. */
    public static void placeExternal(Path root, BackupManifest manifest) throws IOException {
        for (ArchivedRoot external : manifest.roots()) {
            if (!external.external()) {
                continue;
            }
            Path unpacked = root.resolve(external.archiveName());
            if (Files.isDirectory(unpacked, LinkOption.NOFOLLOW_LINKS)) {
                Path target = Path.of(external.path());
                Files.createDirectories(target.getParent());
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Path holder = root.resolve(ArchivedRoot.EXTERNAL_PREFIX);
        if (Files.isDirectory(holder, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(holder); // fails if something unexpected was left there, which the caller reports
        }
    }

    /** Gives every file under {@code tree} the owner and group of {@code like}, when they differ. */
    public static void matchOwner(Path tree, Path like) throws IOException {
        PosixFileAttributes model = Files.readAttributes(like, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes current = Files.readAttributes(tree, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal owner = model.owner();
        GroupPrincipal group = model.group();
        if (owner.equals(current.owner()) && group.equals(current.group())) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }

            private void chown(Path path) throws IOException {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(group);
            }
        });
    }

    /**
     * Creates the empty {@code _restore} trigger beside conf/ and db/ in the root and, for a db dir
     * outside the root, beside that db dir too (where QuestDB then keeps .checkpoint/; which of the
     * two it reads there is not verified). Returns the files created, to remove leftovers after the
     * start: QuestDB deletes the one it used.
     */
    public static List<Path> createRestoreTriggers(Path root, Path dbDir) throws IOException {
        requireNonNull(root, "root");
        List<Path> triggers = new ArrayList<>();
        triggers.add(root.resolve(RESTORE_TRIGGER));
        Path dbParent = dbDir.toAbsolutePath().normalize().getParent();
        if (dbParent != null && !dbParent.equals(root.toAbsolutePath().normalize())) {
            triggers.add(dbParent.resolve(RESTORE_TRIGGER));
        }
        for (Path trigger : triggers) {
            Files.deleteIfExists(trigger);
            Files.createFile(trigger);
        }
        return triggers;
    }
}
