package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The directory trees one backup archives, from QuestDB's effective configuration. The root is
 * always archived whole. A data directory the configuration puts outside it (an absolute
 * {@code cairo.root}, {@code cairo.sql.copy.root} or {@code cairo.sql.copy.export.root}) is
 * archived too, under {@code _external/<name>/}; with an outside db dir, QuestDB keeps
 * {@code .checkpoint/} and {@code snapshot/} beside it (QUESTDB.md section 2), so those come along.
 * The legacy {@code cairo.sql.backup.root} holds old backups, not the database, and is left out.
 */
public final class BackupSources {
    private static final List<String> DATA_DIRS = List.of("db", "sql_copy_input", "sql_copy_export");

    private BackupSources() {
    }

    /**
     * @param root  the QuestDB root (-d)
     * @param roots {@code QuestDbSql.roots(root)}: our name to an absolute path
     */
    public static List<ArchivedRoot> resolve(Path root, Map<String, String> roots) {
        requireNonNull(root, "root");
        requireNonNull(roots, "roots");
        Path base = root.toAbsolutePath().normalize();
        List<ArchivedRoot> sources = new ArrayList<>();
        sources.add(new ArchivedRoot("root", "", base.toString()));
        for (String name : DATA_DIRS) {
            String value = roots.get(name);
            if (value == null) {
                continue;
            }
            Path dir = base.resolve(value).normalize();
            if (dir.startsWith(base) || covered(sources, dir)) {
                continue;
            }
            sources.add(new ArchivedRoot(name, ArchivedRoot.EXTERNAL_PREFIX + name, dir.toString()));
            if (name.equals("db") && dir.getParent() != null && !dir.getParent().startsWith(base)) {
                for (BackupMode mode : BackupMode.values()) {
                    Path beside = dir.getParent().resolve(mode.dirName());
                    String key = mode.dirName().replace(".", "");
                    sources.add(new ArchivedRoot(key, ArchivedRoot.EXTERNAL_PREFIX + key, beside.toString()));
                }
            }
        }
        return sources;
    }

    /** Where QuestDB's checkpoint (or snapshot) copy of {@code dbDir}'s metadata lies: beside the db dir. */
    public static Path checkpointDbDir(Path dbDir, BackupMode mode) {
        return dbDir.toAbsolutePath().normalize().resolveSibling(mode.dirName()).resolve("db");
    }

    private static boolean covered(List<ArchivedRoot> sources, Path dir) {
        return sources.stream().anyMatch(s -> dir.startsWith(Path.of(s.path())));
    }
}
