package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names and places of archives. The agent writes archives only into {@code backup_dir}, as
 * {@code <root name>-<yyyyMMdd-HHmmss>-<operation id><.tar.zst|.tar.gz|.tar>}, first with a
 * {@code .partial} suffix, and reads archives for verify and restore only from there.
 */
public final class BackupPaths {
    static final String PARTIAL_SUFFIX = ".partial";
    static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String EXTENSIONS = "(\\.tar\\.zst|\\.tar\\.gz|\\.tar)";

    private final Path backupDir;

    public BackupPaths(Path backupDir) {
        this.backupDir = requireNonNull(backupDir, "backupDir").toAbsolutePath().normalize();
    }

    public Path dir() {
        return backupDir;
    }

    /** The final name of a new archive (UTC timestamp). */
    Path archiveFor(Path questdbRoot, Instant now, String operationId, Compression compression) {
        String rootName = questdbRoot.toAbsolutePath().normalize().getFileName().toString();
        return backupDir.resolve(rootName + "-" + STAMP.format(now) + "-" + operationId + compression.extension());
    }

    static Path partialOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + PARTIAL_SUFFIX);
    }

    public static Path manifestOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + MANIFEST_SUFFIX);
    }

    /**
     * An archive path from a spec, proven to lie inside {@code backup_dir} both as written (after
     * removing {@code ..}) and once symlinks are resolved. Refused with INVALID_ARGUMENT
     * {@code path_not_allowed}; a path inside that does not exist is NOT_FOUND {@code archive_not_found}.
     */
    public Path requireArchive(String archivePath) {
        if (archivePath == null || archivePath.isBlank()) {
            throw AgentException.invalidArgument("missing_field", "archive_path is required");
        }
        Path path = Path.of(archivePath);
        if (!path.isAbsolute()) {
            throw AgentException.invalidArgument("path_not_allowed", "archive_path " + archivePath + " is not absolute");
        }
        Path normal = path.normalize();
        if (!normal.startsWith(backupDir) || normal.equals(backupDir)) {
            throw notAllowed(archivePath);
        }
        Path real;
        try {
            real = normal.toRealPath();
        } catch (NoSuchFileException e) {
            throw AgentException.notFound("archive_not_found", "archive " + normal + " does not exist");
        } catch (IOException e) {
            throw AgentException.invalidArgument("path_not_allowed", "archive_path " + archivePath + " cannot be resolved: "
                    + e.getClass().getSimpleName());
        }
        if (!real.startsWith(realBackupDir()) || !Files.isRegularFile(real)) {
            throw notAllowed(archivePath);
        }
        return real;
    }

    private Path realBackupDir() {
        try {
            return backupDir.toRealPath();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("backup_dir_missing", "backup_dir " + backupDir + " does not exist");
        }
    }

    private AgentException notAllowed(String archivePath) {
        return AgentException.invalidArgument("path_not_allowed", "archive_path " + archivePath
                + " is not a file inside backup_dir " + backupDir + "; the agent reads and writes archives only there");
    }

    /**
     * What an interrupted backup of {@code operationId} may have left: its partial archive, and a
     * manifest whose archive was never renamed into place.
     */
    List<Path> leftoversOf(String operationId) throws IOException {
        Pattern mine = Pattern.compile(".+-\\d{8}-\\d{6}-" + Pattern.quote(operationId) + EXTENSIONS
                + "(" + Pattern.quote(PARTIAL_SUFFIX) + "|" + Pattern.quote(MANIFEST_SUFFIX) + ")");
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(backupDir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!mine.matcher(name).matches()) {
                    continue;
                }
                if (name.endsWith(PARTIAL_SUFFIX)) {
                    found.add(file);
                } else {
                    Path archive = file.resolveSibling(name.substring(0, name.length() - MANIFEST_SUFFIX.length()));
                    if (!Files.exists(archive)) {
                        found.add(file); // a manifest without its archive describes nothing
                    }
                }
            }
        }
        return found;
    }
}
