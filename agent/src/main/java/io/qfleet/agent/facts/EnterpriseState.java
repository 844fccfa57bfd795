package io.qfleet.agent.facts;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files only QuestDB Enterprise writes, looked for in a root: found beside an Open Source binary they
 * mean the data was copied from an Enterprise install (QuestDB's migration page: upgrade in place,
 * never copy data dirs between editions; QUESTDB.md section 6) or an Enterprise start already ran on it.
 * Every name is from QUESTDB.md; none was observed on a real Enterprise root (no binary was available):
 * <ul>
 *   <li>{@code db/.data_id}: Enterprise identifies a database by it (ER007). OSS 9.2.2 only reads it
 *       ({@code CairoEngine} calls {@code DataID.open}, never {@code set}) and has none after running.</li>
 *   <li>{@code db/_replication_sync_id.d}: the replication sync id; the OSS jar has no such name.</li>
 *   <li>{@code _migrate_primary}, {@code _recover_point_in_time}, {@code _backup_restore} in the root:
 *       Enterprise trigger files (primary migration, point-in-time recovery, restore of an EE backup);
 *       the first Enterprise start after a swap would act on them.</li>
 * </ul>
 */
public final class EnterpriseState {
    static final List<String> IN_DB = List.of(".data_id", "_replication_sync_id.d");
    static final List<String> IN_ROOT = List.of("_migrate_primary", "_recover_point_in_time", "_backup_restore");

    private EnterpriseState() {
    }

    /**
     * The Enterprise files present, as absolute paths. {@code dbDir} is the db root from the
     * effective configuration ({@code cairo.root} may move it out of the root), else {@code <root>/db}.
     */
    public static List<String> find(Path root, Path dbDir) {
        requireNonNull(root, "root");
        requireNonNull(dbDir, "dbDir");
        List<String> found = new ArrayList<>();
        IN_DB.stream().map(dbDir::resolve).filter(EnterpriseState::exists).forEach(p -> found.add(p.toString()));
        IN_ROOT.stream().map(root::resolve).filter(EnterpriseState::exists).forEach(p -> found.add(p.toString()));
        return found;
    }

    private static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
