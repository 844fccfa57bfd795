package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an archive back and holds it against its manifest: every entry listed, of the listed type,
 * size, digest and link target; no entry twice; no listed entry missing; and the compressed
 * stream's own checksum (read to its very end). The first difference fails with
 * {@code backup_corrupt}, naming the entry.
 */
public final class BackupVerifier {
    private final ArchiveProgress listener;
    private final byte[] buffer = new byte[TarArchiver.CHUNK];

    /** @param listener progress in content bytes checked, and the cancel check */
    public BackupVerifier(ArchiveProgress listener) {
        this.listener = requireNonNull(listener, "listener");
    }

    public OperationResult.BackupVerified verify(Path archive, BackupManifest manifest) {
        Map<String, ManifestEntry> expected = new LinkedHashMap<>();
        manifest.entries().forEach(e -> expected.put(e.path(), e));
        Set<String> seen = new HashSet<>();
        ContentDigest digest = ContentDigest.of(manifest.digestAlgorithm());
        String name = archive.getFileName().toString();
        String last = "(start of archive)";
        int files = 0;
        long bytes = 0;
        try (InputStream in = ArchiveInput.open(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isGlobalPaxHeader()) {
                    continue;
                }
                String path = entry.getName();
                last = path;
                ManifestEntry listed = expected.get(path);
                if (listed == null) {
                    throw corrupt(name, path, "is not in the manifest");
                }
                if (!seen.add(path)) {
                    throw corrupt(name, path, "appears twice");
                }
                String type = entry.isSymbolicLink() ? ManifestEntry.SYMLINK
                        : entry.isDirectory() ? ManifestEntry.DIRECTORY : entry.isFile() ? ManifestEntry.FILE : "other";
                if (!type.equals(listed.type())) {
                    throw corrupt(name, path, "is a " + type + ", the manifest says " + listed.type());
                }
                if (listed.isFile()) {
                    long size = 0;
                    int n;
                    while ((n = tar.read(buffer)) != -1) {
                        digest.update(buffer, 0, n);
                        size += n;
                        bytes += n;
                        listener.bytesDone(bytes);
                        listener.checkCancelled();
                    }
                    String actual = digest.finish();
                    if (size != listed.size()) {
                        throw corrupt(name, path, "has " + size + " bytes, the manifest says " + listed.size());
                    }
                    if (!actual.equals(listed.digest())) {
                        throw corrupt(name, path, "has " + manifest.digestAlgorithm() + " " + actual + ", the manifest says " + listed.digest());
                    }
                    files++;
                } else if (listed.link() != null && !listed.link().equals(entry.getLinkName())) {
                    throw corrupt(name, path, "links to " + entry.getLinkName() + ", the manifest says " + listed.link());
                }
            }
            while (in.read(buffer) != -1) {
                // the compressed stream checks its checksum only at its very end
            }
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(name, last, "or what follows it cannot be read: " + e.getMessage());
        }
        for (String path : expected.keySet()) {
            if (!seen.contains(path)) {
                throw corrupt(name, path, "is in the manifest but not in the archive");
            }
        }
        return new OperationResult.BackupVerified(files, bytes);
    }

    private static AgentException corrupt(String archive, String entry, String why) {
        return AgentException.failedPrecondition("backup_corrupt", "archive " + archive + ": entry " + entry + " " + why);
    }
}
