package io.qfleet.agent.replication;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import io.qfleet.agent.install.DirectoryTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who an {@code fs::} object store belongs to. QuestDB's migration page says to clear any store reused
 * from a test instance, and a primary writing into another cluster's store corrupts both (ER006, ER007;
 * QUESTDB.md section 6). So before a primary is pointed at a store directory, the directory is claimed
 * for the cluster with a marker file, {@value #MARKER}, naming it:
 * <ul>
 *   <li>missing or empty: created, claimed;</li>
 *   <li>holding our marker for this cluster: ours, nothing to do;</li>
 *   <li>named in this primary's server.conf already (a cluster set up before qfleet): adopted, claimed;</li>
 *   <li>anything else (another cluster's marker, files without a marker): refused, unless the
 *       operator confirmed clearing it, then emptied and claimed.</li>
 * </ul>
 * Before any of that, both directories must be places a store may lie ({@link FsStorePlaces}: inside
 * {@code replication.fs_store_dirs}, apart from QuestDB's and the agent's dirs); everything after is
 * done through their real paths.
 * {@code atomic_write_dir} is created when missing and must sit on the same mount as {@code root}
 * (QuestDB renames from one into the other). Whether Enterprise tolerates the marker file in its
 * store root is not verifiable without an Enterprise binary (the {@code -Pee} suite runs it).
 */
public final class FsStoreOwnership {
    public static final String MARKER = ".qfleet-store-owner";
    private static final String MARKER_PREFIX = "qfleet object store owner\ncluster=";
    private static final int LISTED = 3;

    private FsStoreOwnership() {
    }

    /**
     * Claims {@code root} for {@code cluster}; returns one line saying what was found and done.
     *
     * @param places where this host allows a store; checked before anything is created or deleted
     * @param configured this host's current {@code replication.object.store}, or "" when none
     * @param clear the operator confirmed that a store not owned by this cluster may be emptied
     */
    public static String claim(FsStorePlaces places, Path requestedRoot, Path requestedAtomicWriteDir, String cluster, String store,
            String configured, boolean clear) {
        requireNonNull(places, "places");
        requireNonNull(cluster, "cluster");
        Path root = places.require("root", requireNonNull(requestedRoot, "requestedRoot"));
        Path atomicWriteDir = places.require("atomic_write_dir", requireNonNull(requestedAtomicWriteDir, "requestedAtomicWriteDir"));
        try {
            Files.createDirectories(root);
            Files.createDirectories(atomicWriteDir);
            if (!Files.getFileStore(root).equals(Files.getFileStore(atomicWriteDir))) {
                throw AgentException.failedPrecondition("fs_store_mounts_differ", "fs store: root " + root + " and atomic_write_dir "
                        + atomicWriteDir + " are on different mounts; QuestDB needs both on one (e.g. one NFS export)");
            }
            List<Path> entries = entries(root, atomicWriteDir);
            if (entries.isEmpty()) {
                mark(root, cluster);
                return "fs store " + root + " was empty: claimed for cluster " + cluster;
            }
            String owner = owner(root);
            if (cluster.equals(owner)) {
                return "fs store " + root + " belongs to cluster " + cluster + " (qfleet marker)";
            }
            if (owner == null && !configured.isEmpty() && configured.equals(store)) {
                mark(root, cluster);
                return "fs store " + root + " is the one this primary's server.conf already names: adopted for cluster " + cluster;
            }
            String found = (owner != null ? "belongs to cluster " + owner : "holds " + entries.size() + " entries ("
                    + String.join(", ", entries.stream().limit(LISTED).map(p -> p.getFileName().toString()).toList())
                    + (entries.size() > LISTED ? ", ..." : "") + ") and no qfleet marker");
            if (!clear) {
                throw AgentException.failedPrecondition("fs_store_not_owned", "fs store " + root + " " + found
                        + ": a primary of cluster " + cluster + " must not write there; empty it, or confirm clearing it with"
                        + " replication.clear_fs_store: [" + cluster + "] in the fleet file");
            }
            // Checked again just before the delete: a directory of the path swapped for a symlink since the
            // check would lead the delete elsewhere (walkFileTree itself never follows a link).
            if (!root.toRealPath().equals(root) || !atomicWriteDir.toRealPath().equals(atomicWriteDir)) {
                throw AgentException.failedPrecondition("fs_store_moved", "fs store " + root + " or " + atomicWriteDir
                        + " resolves elsewhere since it was checked (a symlink swapped in?); nothing was deleted");
            }
            for (Path entry : entries) {
                DirectoryTrees.delete(entry);
            }
            mark(root, cluster);
            return "fs store " + root + " " + found + ": cleared as confirmed, claimed for cluster " + cluster;
        } catch (IOException e) {
            throw AgentException.failedPrecondition("fs_store_unusable", "fs store " + root + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage() + " (the agent must be able to create and write it)");
        }
    }

    /** The cluster named by the marker in {@code root}, or null when there is none. */
    static String owner(Path root) throws IOException {
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String text = Files.readString(marker, StandardCharsets.UTF_8);
        return text.startsWith(MARKER_PREFIX) ? text.substring(MARKER_PREFIX.length()).strip() : "(unreadable marker)";
    }

    private static void mark(Path root, String cluster) throws IOException {
        AtomicFiles.write(root.resolve(MARKER), (MARKER_PREFIX + cluster + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** What is in the store, the scratch dir (when it lies inside) and our marker left out. */
    private static List<Path> entries(Path root, Path atomicWriteDir) throws IOException {
        Path scratch = atomicWriteDir.toAbsolutePath().normalize();
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> !p.getFileName().toString().equals(MARKER))
                    .filter(p -> !p.toAbsolutePath().normalize().equals(scratch)).sorted().toList();
        }
    }
}
