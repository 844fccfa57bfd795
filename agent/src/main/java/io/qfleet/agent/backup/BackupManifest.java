package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code <archive>.manifest.json}: what an archive holds and where it came from. Written once the
 * archive is complete, atomically, before the archive is renamed from {@code .partial} into place,
 * so an archive under its final name always has its manifest.
 *
 * @param format               {@link #FORMAT}; a reader refuses a newer one
 * @param createdAt            ISO-8601 UTC, when CHECKPOINT CREATE returned
 * @param questdbVersion       from {@code build()}, e.g. 9.2.2
 * @param edition              OPEN_SOURCE, ENTERPRISE or UNKNOWN
 * @param mode                 {@code checkpoint} (CHECKPOINT CREATE, 8.1+) or {@code snapshot} (SNAPSHOT PREPARE, 7.x)
 * @param compression          zstd, gzip or none
 * @param level                the compression level used
 * @param digestAlgorithm      the algorithm of every entry's digest
 * @param checkpointHeldMillis from CREATE returning to RELEASE returning
 * @param sourceBytes          file content archived
 * @param roots                the directory trees archived; the first is the QuestDB root
 * @param tables               tables and row counts the archive restores to
 * @param entries              every archive entry, in archive order
 */
public record BackupManifest(
        int format,
        String createdAt,
        String questdbVersion,
        String edition,
        String mode,
        String compression,
        int level,
        String digestAlgorithm,
        long checkpointHeldMillis,
        long sourceBytes,
        List<ArchivedRoot> roots,
        List<ManifestTable> tables,
        List<ManifestEntry> entries) {
    public static final int FORMAT = 1;
    public static final String CHECKPOINT = "checkpoint";
    public static final String SNAPSHOT = "snapshot";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public BackupManifest {
        requireNonNull(createdAt, "createdAt");
        requireNonNull(questdbVersion, "questdbVersion");
        requireNonNull(edition, "edition");
        requireNonNull(mode, "mode");
        requireNonNull(compression, "compression");
        requireNonNull(digestAlgorithm, "digestAlgorithm");
        roots = List.copyOf(roots);
        tables = List.copyOf(tables);
        entries = List.copyOf(entries);
    }

    public long files() {
        return entries.stream().filter(ManifestEntry::isFile).count();
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }

    /** Reads a manifest; a missing or unreadable one is {@code manifest_missing} / {@code backup_corrupt}. */
    public static BackupManifest read(Path file) {
        BackupManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), BackupManifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw AgentException.failedPrecondition("manifest_missing", "no manifest " + file.getFileName()
                    + " beside the archive: it was not written by a complete qfleet backup");
        } catch (IOException e) {
            throw AgentException.failedPrecondition("backup_corrupt", "manifest " + file.getFileName() + " is unreadable: "
                    + e.getClass().getSimpleName());
        }
        if (manifest == null || manifest.format() < 1 || manifest.format() > FORMAT) {
            throw AgentException.failedPrecondition("backup_corrupt", "manifest " + file.getFileName() + " has format "
                    + (manifest == null ? "none" : manifest.format()) + " (this agent reads 1-" + FORMAT + ")");
        }
        return manifest;
    }
}
