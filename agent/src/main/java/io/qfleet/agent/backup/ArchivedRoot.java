package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

/**
 * Where a directory tree of the archive came from. The QuestDB root itself is archived at the top
 * ({@code archiveName} ""); a data directory outside it (an absolute {@code cairo.root}, say) goes
 * under {@code _external/<name>/} and is put back at {@code path} by a restore.
 *
 * @param name        our name for the directory: {@code root}, or {@code db}, {@code checkpoint}, ... from the effective configuration
 * @param archiveName the entry prefix in the archive, "" for the root
 * @param path        the absolute path on the host when the backup was taken
 */
public record ArchivedRoot(String name, String archiveName, String path) {
    public static final String EXTERNAL_PREFIX = "_external/";

    public ArchivedRoot {
        requireNonNull(name, "name");
        requireNonNull(archiveName, "archiveName");
        requireNonNull(path, "path");
    }

    public boolean external() {
        return !archiveName.isEmpty();
    }
}
