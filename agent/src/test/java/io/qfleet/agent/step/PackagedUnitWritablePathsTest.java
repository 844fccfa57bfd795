package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.StagingPaths;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.PackagedSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged unit ({@code ProtectSystem=strict}) must let the agent write everything its allow-list
 * lets it write with the packaged {@code agent.yaml}: its own dirs, the QuestDB root and install dir,
 * the dirs a restore and a swap make beside them, and (run: systemd) the drop-in dir. A path the
 * allow-list allows but the unit keeps read-only fails mid-operation with EROFS on a real host.
 */
class PackagedUnitWritablePathsTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "qfleet-agent.service");

    @TempDir
    Path tmp;

    @Test
    void unitWritesWhatTheAllowListAllowsInDirectMode() throws IOException {
        assertCovered(PackagedSettings.load(tmp));
    }

    @Test
    void unitWritesWhatTheAllowListAllowsInSystemdMode() throws IOException {
        assertCovered(PackagedSettings.load(tmp, PackagedSettings::systemdMode));
    }

    private void assertCovered(AgentSettings settings) throws IOException {
        QuestDbHost host = new QuestDbHost(settings);
        Map<String, Path> written = new LinkedHashMap<>();
        written.put("state_dir", settings.stateDir().resolve("op-1.json"));
        written.put("staging_dir", settings.stagingDir().resolve("upload"));
        written.put("backup_dir", settings.backupDir().resolve("b.tar.zst"));
        written.put("root", settings.questdb().root().resolve("conf/server.conf"));
        written.put("root moved aside by a restore", sibling(settings.questdb().root(), RestoreLayout.ASIDE));
        written.put("install_dir", settings.questdb().installDir().resolve("questdb.jar"));
        for (String prefix : List.of(StagingPaths.STAGED, InstallSwap.PREVIOUS, InstallSwap.REVERTED)) {
            written.put("install_dir sibling " + prefix, sibling(settings.questdb().installDir(), prefix));
        }
        if (settings.questdb().systemd() != null) {
            written.put("drop_in_dir", settings.questdb().systemd().dropInDir().resolve("qfleet-edition.conf"));
        }
        List<String> notCovered = new ArrayList<>();
        written.forEach((what, path) -> {
            assertTrue(host.allowList().allows(path), "the allow-list allows " + what + ": " + path);
            if (!covered(path)) {
                notCovered.add(what + " " + path);
            }
        });
        assertEquals(List.of(), notCovered, "allowed by the agent but read-only under " + UNIT + " (ReadWritePaths="
                + readWritePaths() + ")");
    }

    private static Path sibling(Path dir, String prefix) {
        return dir.resolveSibling(dir.getFileName() + prefix + "op-1").resolve("x");
    }

    /** Below a ReadWritePaths= entry or the unit's StateDirectory= (/var/lib/NAME). */
    private static boolean covered(Path path) {
        try {
            return readWritePaths().stream().anyMatch(path::startsWith);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> readWritePaths() throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith("ReadWritePaths=")) {
                Arrays.stream(line.substring("ReadWritePaths=".length()).trim().split("\\s+"))
                        .map(entry -> Path.of(entry.startsWith("-") ? entry.substring(1) : entry)).forEach(paths::add);
            } else if (line.startsWith("StateDirectory=")) {
                paths.add(Path.of("/var/lib", line.substring("StateDirectory=".length()).trim()));
            }
        }
        return paths;
    }
}
