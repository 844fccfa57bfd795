package io.qfleet.agent.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsLoaderTest {
    /** Line numbers matter: the tests below edit single lines of this file. */
    private static final String VALID = """
            listen: 127.0.0.1:0
            plaintext: true
            state_dir: /var/lib/qfleet-agent
            staging_dir: /var/lib/qfleet-agent/staging
            questdb:
              root: /var/lib/questdb
              install_dir: /opt/questdb
              run: direct
              java: /usr/bin/java
              jvm_args: [-Xmx4g, -XX:+UseParallelGC]
              pg_user: reader
              pg_password_file: /etc/qfleet/pg-password
            backup_dir: /var/lib/qfleet-agent/backups
            """;

    @TempDir
    Path dir;

    @Test
    void packagedSettingsLoad() {
        AgentSettings settings = SettingsLoader.load(Path.of("..", "packaging", "conf", "agent.yaml"));

        assertEquals("127.0.0.1", settings.listenHost());
        assertEquals(7443, settings.listenPort());
        assertTrue(settings.plaintext());
        assertEquals(Path.of("/var/lib/qfleet-agent"), settings.stateDir());
        assertEquals(Path.of("/var/lib/qfleet-agent/staging"), settings.stagingDir());
        AgentSettings.QuestDb questdb = settings.questdb();
        assertEquals(Path.of("/var/lib/questdb"), questdb.root());
        assertEquals(Path.of("/opt/questdb"), questdb.installDir());
        assertEquals("direct", questdb.run());
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), questdb.java(), "default: the agent's own java");
        assertEquals(List.of("-Xmx4g"), questdb.jvmArgs());
        assertEquals("admin", questdb.pgUser());
        assertNull(questdb.pgPasswordFile(), "commented out: QuestDB's default password");
    }

    @Test
    void everyKeyIsRead() throws IOException {
        AgentSettings settings = SettingsLoader.load(write(VALID));

        assertEquals(new AgentSettings("127.0.0.1", 0, true, Path.of("/var/lib/qfleet-agent"), Path.of("/var/lib/qfleet-agent/staging"),
                new AgentSettings.QuestDb(Path.of("/var/lib/questdb"), Path.of("/opt/questdb"), "direct", Path.of("/usr/bin/java"),
                        List.of("-Xmx4g", "-XX:+UseParallelGC"), "reader", Path.of("/etc/qfleet/pg-password"))), settings);
    }

    @Test
    void unknownTopLevelKeyNamesItsLine() throws IOException {
        Path file = write(VALID.replace("plaintext: true\n", "plaintext: true\ncolour: blue\n"));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertTrue(e.getMessage().startsWith(file + ":3: unknown key 'colour' (expected one of: "), e.getMessage());
        assertTrue(e.getMessage().contains("state_dir"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void unknownQuestDbKeyNamesItsPathAndLine() throws IOException {
        Path file = write(VALID.replace("  run: direct\n", "  run: direct\n  pid_file: /run/questdb.pid\n"));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertTrue(e.getMessage().startsWith(file + ":9: unknown key 'questdb.pid_file' (expected one of: "), e.getMessage());
        assertTrue(e.getMessage().contains("install_dir"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "listen: 127.0.0.1:0          | listen",
        "state_dir: /var/lib/qfleet-agent | state_dir",
        "staging_dir: /var/lib/qfleet-agent/staging | staging_dir",
        "  root: /var/lib/questdb     | questdb.root",
        "  install_dir: /opt/questdb  | questdb.install_dir",
    })
    void missingKeyIsNamed(String line, String key) throws IOException {
        Path file = write(replaceLine(line, null));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ": missing key '" + key + "'", e.getMessage());
    }

    @Test
    void missingQuestDbSectionIsNamed() throws IOException {
        Path file = write(VALID.substring(0, VALID.indexOf("questdb:")));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ": missing key 'questdb'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "state_dir: /var/lib/qfleet-agent        | state_dir: var/lib/qfleet-agent        | state_dir: 'var/lib/qfleet-agent'",
        "staging_dir: /var/lib/qfleet-agent/staging | staging_dir: staging               | staging_dir: 'staging'",
        "  root: /var/lib/questdb               |   root: ./questdb                       | questdb.root: './questdb'",
        "  install_dir: /opt/questdb            |   install_dir: ../opt/questdb           | questdb.install_dir: '../opt/questdb'",
        "  java: /usr/bin/java                  |   java: bin/java                        | questdb.java: 'bin/java'",
        "  pg_password_file: /etc/qfleet/pg-password |   pg_password_file: pg-password  | questdb.pg_password_file: 'pg-password'",
    })
    void relativePathIsRefused(String line, String replacement, String named) throws IOException {
        Path file = write(replaceLine(line, replacement));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ": " + named + " is not an absolute path", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "listen: 127.0.0.1:0 | listen: 0.0.0.0:7443     | listen: 0.0.0.0 is not a loopback address",
        "listen: 127.0.0.1:0 | listen: 192.0.2.7:7443   | listen: 192.0.2.7 is not a loopback address",
        "listen: 127.0.0.1:0 | listen: 127.0.0.1        | listen: '127.0.0.1' is not host:port",
        "listen: 127.0.0.1:0 | listen: 127.0.0.1:70000  | listen: port '70000' is not 0-65535",
        "plaintext: true     | plaintext: false         | plaintext: must be true for now",
        "  run: direct       | run: systemd         | questdb.run: 'systemd' is not supported",
    })
    void badValueIsExplained(String line, String replacement, String expected) throws IOException {
        Path file = write(replaceLine(line, replacement));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndLine() throws IOException {
        Path file = write(VALID.replace("  jvm_args: [-Xmx4g, -XX:+UseParallelGC]\n", "  jvm_args: {heap: 4g}\n"));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ":10: questdb.jvm_args: expected a list, e.g. [-Xmx512m]", e.getMessage());
    }

    @Test
    void aListWhereAMappingBelongsNamesNoClass() throws IOException {
        Path file = write(VALID + "questdb: [\n");

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertFalse(e.getMessage().contains("io.qfleet") || e.getMessage().contains("Cannot"), e.getMessage());
    }

    @Test
    void notAMappingIsExplainedWithoutAnEmptyKey() throws IOException {
        Path file = write("- listen: 127.0.0.1:0\n");

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ":1: expected a mapping of keys (key: value lines, indented under it)", e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreRefused() throws IOException {
        Path empty = write("");
        assertEquals(empty + ": empty settings file", assertThrows(SettingsException.class, () -> SettingsLoader.load(empty)).getMessage());
        Path comments = write("# everything commented out\n# listen: 127.0.0.1:7443\n");
        assertEquals(comments + ": empty settings file",
                assertThrows(SettingsException.class, () -> SettingsLoader.load(comments)).getMessage());

        Path missing = dir.resolve("absent.yaml");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(missing));
        assertTrue(e.getMessage().startsWith(missing + ": no such file"), e.getMessage());
    }

    /** VALID with the line reading {@code line} (indentation aside) replaced, keeping its indentation, or removed. */
    private static String replaceLine(String line, String replacement) {
        StringBuilder yaml = new StringBuilder();
        boolean found = false;
        for (String current : VALID.split("\n")) {
            if (current.strip().equals(line.strip())) {
                found = true;
                if (replacement != null) {
                    yaml.append(current, 0, current.indexOf(current.strip())).append(replacement.strip()).append('\n');
                }
            } else {
                yaml.append(current).append('\n');
            }
        }
        assertTrue(found, "no line '" + line + "' in the test settings");
        return yaml.toString();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }
}
