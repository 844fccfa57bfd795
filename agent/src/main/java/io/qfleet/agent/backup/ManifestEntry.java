package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One archive entry as the manifest records it.
 *
 * @param path   the entry's name in the archive ({@code db/trades~5/_txn}; directories end in "/")
 * @param type   {@link #FILE}, {@link #DIRECTORY} or {@link #SYMLINK}
 * @param size   bytes of content (files only, else 0)
 * @param mode   permission bits, e.g. 0644
 * @param digest lower-case hex digest of the content (files only, else null)
 * @param link   the target of a symlink, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(String path, String type, long size, int mode, String digest, String link) {
    public static final String FILE = "file";
    public static final String DIRECTORY = "dir";
    public static final String SYMLINK = "symlink";

    public ManifestEntry {
        requireNonNull(path, "path");
        requireNonNull(type, "type");
    }

    static ManifestEntry file(String path, long size, int mode, String digest) {
        return new ManifestEntry(path, FILE, size, mode, requireNonNull(digest, "digest"), null);
    }

    static ManifestEntry directory(String path, int mode) {
        return new ManifestEntry(path, DIRECTORY, 0, mode, null, null);
    }

    static ManifestEntry symlink(String path, String target) {
        return new ManifestEntry(path, SYMLINK, 0, 0777, null, requireNonNull(target, "target"));
    }

    public boolean isFile() {
        return FILE.equals(type);
    }
}
