package io.qfleet.agent.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code questdb.run: systemd} and its keys, and the writable directories refused at start. */
class RunModeAndDirsSettingsTest {
    private static final String AGENT = """
            listen: 127.0.0.1:0
            plaintext: true
            state_dir: /var/lib/qfleet-agent
            staging_dir: /var/lib/qfleet-agent/staging
            backup_dir: /var/backups/qfleet
            """;
    private static final String SYSTEMD = AGENT + """
            questdb:
              root: /var/lib/questdb
              install_dir: /opt/questdb
              run: systemd
              unit: questdb.service
            """;

    @TempDir
    Path dir;

    @Test
    void systemdDefaultsToTheSystemSystemctlAndTheUnitsDropInDir() throws IOException {
        AgentSettings.QuestDb questdb = SettingsLoader.load(write(SYSTEMD)).questdb();
        assertEquals("systemd", questdb.run());
        assertEquals(new AgentSettings.Systemd("questdb.service", Path.of("/usr/bin/systemctl"),
                Path.of("/etc/systemd/system/questdb.service.d")), questdb.systemd());

        AgentSettings.Systemd given = SettingsLoader.load(write(SYSTEMD + "  systemctl: /opt/fake/bin/systemctl\n"
                + "  drop_in_dir: /run/systemd/system/questdb.service.d\n")).questdb().systemd();
        assertEquals(Path.of("/opt/fake/bin/systemctl"), given.systemctl());
        assertEquals(Path.of("/run/systemd/system/questdb.service.d"), given.dropInDir());
        assertNull(SettingsLoader.load(write(SYSTEMD.replace("  run: systemd\n  unit: questdb.service\n", "  run: direct\n")))
                .questdb().systemd());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "  unit: questdb.service |                             | missing key 'questdb.unit' (the systemd unit that runs QuestDB, e.g. questdb.service)",
        "  unit: questdb.service |   unit: --all               | questdb.unit: '--all' is not a service unit name (expected e.g. questdb.service)",
        "  unit: questdb.service |   unit: questdb.socket      | questdb.unit: 'questdb.socket' is not a service unit name",
        "  unit: questdb.service | \"unit: questdb.service\n  drop_in_dir: /etc/systemd/system/other.service.d\" | questdb.drop_in_dir: '/etc/systemd/system/other.service.d' is not named questdb.service.d",
        "  unit: questdb.service | \"unit: questdb.service\n  systemctl: systemctl\" | questdb.systemctl: 'systemctl' is not an absolute path",
        "  unit: questdb.service | \"unit: questdb.service\n  jvm_args: [-Xmx4g]\" | questdb.jvm_args: not used with run: systemd (the unit's ExecStart holds the java command and its options); remove it",
        "  run: systemd          | \"run: direct\n  java: /usr/bin/java\" | questdb.unit: only used with run: systemd (questdb.run is direct)",
    })
    void systemdKeysAreCheckedAgainstTheMode(String line, String replacement, String expected) throws IOException {
        Path file = write(SYSTEMD.replace(line + "\n", replacement == null ? "" : replacement + "\n"));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "state_dir: /var/lib/qfleet-agent     | state_dir: /                        | state_dir: / is a system directory",
        "backup_dir: /var/backups/qfleet      | backup_dir: /var/backups            | backup_dir: /var/backups is a system directory",
        "  root: /var/lib/questdb             |   root: /opt/questdb/data           | questdb.install_dir: /opt/questdb and questdb.root /opt/questdb/data overlap",
        "  install_dir: /opt/questdb          |   install_dir: /var/lib/questdb     | questdb.install_dir: /var/lib/questdb and questdb.root /var/lib/questdb overlap",
        "staging_dir: /var/lib/qfleet-agent/staging | staging_dir: /opt/questdb/staging | staging_dir: /opt/questdb/staging lies inside questdb.install_dir /opt/questdb, which a swap moves aside",
        "backup_dir: /var/backups/qfleet      | backup_dir: /var/lib/questdb/backups | backup_dir: /var/lib/questdb/backups lies inside questdb.root /var/lib/questdb, which a restore moves aside",
        "state_dir: /var/lib/qfleet-agent     | state_dir: /var/lib/questdb/../questdb/agent | state_dir: /var/lib/questdb/agent lies inside questdb.root",
        "state_dir: /var/lib/qfleet-agent     | state_dir: /opt                     | state_dir: /opt is a system directory",
        "backup_dir: /var/backups/qfleet      | backup_dir: /srv/qfleet              | ",
    })
    void writableDirsThatAreTheSystemOrOverlapAreRefused(String line, String replacement, String expected) throws IOException {
        Path file = write(SYSTEMD.replace(line + "\n", replacement + "\n"));
        if (expected == null) {
            SettingsLoader.load(file); // the control: a directory of its own is fine
            return;
        }
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[/mnt/nfs/qdb, /srv/stores]  | ",
        "[]                           | ",
        "[mnt/nfs]                    | replication.fs_store_dirs: 'mnt/nfs' is not an absolute path",
        "[/mnt]                       | ",
        "[/var/lib]                   | replication.fs_store_dirs: /var/lib is a system directory; an fs:: store may be cleared",
        "[/var/lib/questdb]           | replication.fs_store_dirs: /var/lib/questdb overlaps questdb.root /var/lib/questdb",
        "[/var/lib/questdb/db]        | replication.fs_store_dirs: /var/lib/questdb/db overlaps questdb.root /var/lib/questdb",
        "[/mnt/nfs, /opt/questdb/x/..] | replication.fs_store_dirs: /opt/questdb overlaps questdb.install_dir /opt/questdb",
        "[/var/backups/qfleet/stores] | replication.fs_store_dirs: /var/backups/qfleet/stores overlaps backup_dir /var/backups/qfleet",
        "[/var/lib/qfleet-agent]      | replication.fs_store_dirs: /var/lib/qfleet-agent overlaps state_dir /var/lib/qfleet-agent",
    })
    void fsStoreDirsAreAbsoluteAndShareNothingWithQuestDbOrTheAgent(String dirs, String expected) throws IOException {
        Path file = write(SYSTEMD + "replication:\n  fs_store_dirs: " + dirs + "\n");
        if (expected == null) {
            assertEquals(dirs.equals("[]") ? List.of() : Arrays.stream(dirs.substring(1, dirs.length() - 1).split(", ")).map(Path::of).toList(),
                    SettingsLoader.load(file).fsStoreDirs());
            return;
        }
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
    }

    @Test
    void withoutTheKeyNoFsStoreIsAllowedAndAnUnknownReplicationKeyIsRefused() throws IOException {
        assertEquals(List.of(), SettingsLoader.load(write(SYSTEMD)).fsStoreDirs());
        Path file = write(SYSTEMD + "replication:\n  fs_store_dir: /mnt/nfs\n");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ":12: unknown key 'replication.fs_store_dir' (expected one of: fs_store_dirs)"),
                e.getMessage());
    }

    @Test
    void anOverlapHiddenBehindASymlinkIsFound() throws IOException {
        Path root = Files.createDirectories(dir.resolve("var/lib/questdb"));
        Path link = Files.createSymbolicLink(dir.resolve("agent-state"), root.resolve("agent"));
        Path file = write(AGENT.replace("state_dir: /var/lib/qfleet-agent", "state_dir: " + link) + "questdb:\n  root: " + root
                + "\n  install_dir: /opt/questdb\n");
        SettingsException dangling = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(dangling.getMessage().startsWith(file + ": state_dir: " + link + " passes through " + link
                + ", a symlink that points nowhere"), dangling.getMessage());
        Files.createDirectories(root.resolve("agent"));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": state_dir: " + link + " lies inside questdb.root " + root), e.getMessage());
    }

    @Test
    void anAgentDirHoldingTheRootIsRefused() throws IOException {
        Path file = write(SYSTEMD.replace("state_dir: /var/lib/qfleet-agent", "state_dir: /var/lib/questdb-parent")
                .replace("  root: /var/lib/questdb", "  root: /var/lib/questdb-parent/root")
                .replace("staging_dir: /var/lib/qfleet-agent/staging", "staging_dir: /var/lib/qfleet-agent/staging"));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));
        assertTrue(e.getMessage().startsWith(file + ": state_dir: /var/lib/questdb-parent holds questdb.root"), e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }
}
