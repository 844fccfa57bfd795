package io.qfleet.agent.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnterpriseStateTest {
    @TempDir
    Path root;

    @Test
    void anOpenSourceRootHasNone() throws IOException {
        Files.createDirectories(root.resolve("db/trades~5"));
        Files.createFile(root.resolve("db/_upgrade.d"));
        Files.createFile(root.resolve("db/tables.d.0"));
        Files.createFile(root.resolve("_restore")); // OSS's own checkpoint trigger

        assertEquals(List.of(), EnterpriseState.find(root, root.resolve("db")));
    }

    @Test
    void findsEveryEnterpriseFileInTheDbDirAndTheRoot() throws IOException {
        Path db = Files.createDirectories(root.resolve("elsewhere/db")); // cairo.root outside the root
        for (String name : EnterpriseState.IN_DB) {
            Files.createFile(db.resolve(name));
        }
        for (String name : EnterpriseState.IN_ROOT) {
            Files.createFile(root.resolve(name));
        }
        Files.createDirectories(root.resolve("db"));
        Files.createFile(root.resolve("db/.data_id")); // not the db dir QuestDB uses: not looked at

        assertEquals(List.of(db.resolve(".data_id").toString(), db.resolve("_replication_sync_id.d").toString(),
                root.resolve("_migrate_primary").toString(), root.resolve("_recover_point_in_time").toString(),
                root.resolve("_backup_restore").toString()), EnterpriseState.find(root, db));
    }
}
