package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupManifestTest {
    @TempDir
    Path tmp;

    static BackupManifest sample() {
        return new BackupManifest(BackupManifest.FORMAT, "2026-01-01T00:00:00Z", "8.1.4", "OPEN_SOURCE", "checkpoint", "zstd", 1,
                "SHA-256", 1234, 42,
                List.of(new ArchivedRoot("root", "", "/var/lib/questdb"), new ArchivedRoot("db", "_external/db", "/data/db")),
                List.of(new ManifestTable("trades", true, "trades~5", 100, true, 90, 120),
                        new ManifestTable("odd", false, "", 7, false, 7, 9)),
                List.of(ManifestEntry.directory("conf/", 0755), ManifestEntry.file("conf/server.conf", 42, 0600, "ab01"),
                        ManifestEntry.symlink("db/latest", "trades~5")));
    }

    @Test
    void roundTripsThroughSnakeCaseJson() throws Exception {
        Path file = tmp.resolve("a.tar.zst.manifest.json");
        sample().write(file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"questdb_version\" : \"8.1.4\""), json);
        assertTrue(json.contains("\"checkpoint_held_millis\" : 1234"), json);
        assertTrue(json.contains("\"rows_exact\" : true"), json);
        assertEquals(sample(), BackupManifest.read(file));
        assertEquals(1, sample().files());
    }

    @Test
    void unknownFieldsAreIgnoredButANewerFormatIsRefused() throws Exception {
        Path file = tmp.resolve("m.json");
        sample().write(file);
        Files.writeString(file, Files.readString(file).replace("\"format\" : 1", "\"format\" : 1, \"added_later\" : 5"));
        assertEquals(sample(), BackupManifest.read(file));
        Files.writeString(file, Files.readString(file).replace("\"format\" : 1", "\"format\" : 2"));
        AgentException e = assertThrows(AgentException.class, () -> BackupManifest.read(file));
        assertEquals("backup_corrupt", e.reason());
    }

    @Test
    void missingOrGarbledManifestsAreNamed() throws Exception {
        assertEquals("manifest_missing", assertThrows(AgentException.class, () -> BackupManifest.read(tmp.resolve("none.json"))).reason());
        Path garbled = Files.writeString(tmp.resolve("g.json"), "{not json");
        assertEquals("backup_corrupt", assertThrows(AgentException.class, () -> BackupManifest.read(garbled)).reason());
    }

    @Test
    void boundedTablesAcceptCountsBetweenTheirBounds() {
        ManifestTable exact = sample().tables().get(0);
        ManifestTable bounded = sample().tables().get(1);
        assertTrue(exact.accepts(100) && !exact.accepts(99) && !exact.accepts(101));
        assertTrue(bounded.accepts(7) && bounded.accepts(9) && !bounded.accepts(6) && !bounded.accepts(10));
    }
}
