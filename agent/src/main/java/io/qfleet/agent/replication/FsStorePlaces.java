package io.qfleet.agent.replication;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.RealPaths;
import io.qfleet.agent.files.WriteAllowList;
import io.qfleet.agent.files.WriteAllowList.Area;
import io.qfleet.agent.settings.AgentSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an {@code fs::} store may lie on this host. The store's directories come from a request and
 * may be cleared on the operator's word, so a request alone never decides: the host's own settings
 * list the directories stores may live in ({@value #KEY}, none by default), and a store never
 * shares anything with the QuestDB root, the install dir or the agent's dirs, whatever that list
 * says. Paths are compared by where they really lead ({@link RealPaths}: symlinks followed,
 * {@code ..} taken physically), and the store is then written only through those real paths.
 */
public final class FsStorePlaces {
    public static final String KEY = AgentSettings.FS_STORE_DIRS_KEY;

    private final WriteAllowList allowed;
    private final String allowedDirs;
    private final Map<String, Path> kept;

    private FsStorePlaces(WriteAllowList allowed, String allowedDirs, Map<String, Path> kept) {
        this.allowed = allowed;
        this.allowedDirs = allowedDirs;
        this.kept = kept;
    }

    /**
     * @param allowedDirs {@value #KEY} from the settings; empty: every fs:: store is refused
     * @param keptDirs the directories no store may overlap, by settings key (e.g. questdb.root)
     */
    public static FsStorePlaces of(List<Path> allowedDirs, Map<String, Path> keptDirs) {
        requireNonNull(allowedDirs, "allowedDirs");
        Map<String, Path> kept = new LinkedHashMap<>();
        requireNonNull(keptDirs, "keptDirs").forEach((key, dir) -> kept.put(key, RealPaths.bestEffort(dir)));
        WriteAllowList allowed = allowedDirs.isEmpty() ? null
                : WriteAllowList.of(allowedDirs.stream().map(dir -> Area.tree(KEY, dir)).toList());
        return new FsStorePlaces(allowed, allowedDirs.toString(), Collections.unmodifiableMap(kept)); // in settings order
    }

    /**
     * The real path of the store's {@code part} (root or atomic_write_dir), or FAILED_PRECONDITION:
     * {@code fs_store_overlaps} when it is, holds or lies inside a kept dir, {@code fs_store_not_allowed}
     * when it lies outside {@value #KEY}. Nothing is created or changed either way.
     */
    public Path require(String part, Path path) {
        requireNonNull(path, "path");
        String named = "fs store " + part + "=" + path;
        Path real;
        try {
            real = RealPaths.of(path);
        } catch (IOException e) {
            throw refused("fs_store_not_allowed", named + " cannot be resolved (" + e.getMessage() + "); point replication.object_store"
                    + " at a directory of its own");
        }
        String resolved = real.equals(path) ? "" : " (resolves to " + real + ")";
        for (Map.Entry<String, Path> entry : kept.entrySet()) {
            Path dir = entry.getValue();
            if (real.startsWith(dir) || dir.startsWith(real)) {
                String how = real.equals(dir) ? "is" : real.startsWith(dir) ? "lies inside" : "holds";
                throw refused("fs_store_overlaps", named + resolved + " " + how + " this agent's " + entry.getKey() + " " + dir
                        + "; a store may be cleared, so point replication.object_store at a directory of its own");
            }
        }
        if (allowed == null) {
            throw refused("fs_store_not_allowed", named + ": this agent allows no fs:: store; list the directory it may live in"
                    + " under " + KEY + " in the agent's settings and restart the agent");
        }
        if (!allowed.allows(real)) {
            throw refused("fs_store_not_allowed", named + resolved + " lies outside " + KEY + " " + allowedDirs
                    + "; point replication.object_store below one of them, or add its directory to " + KEY
                    + " in the agent's settings and restart the agent");
        }
        return real;
    }

    private static AgentException refused(String reason, String message) {
        return AgentException.failedPrecondition(reason, message);
    }
}
