package io.qfleet.agent.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.testing.PackagedSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
    void packagedSettingsLoad() throws IOException {
        AgentSettings settings = PackagedSettings.load(dir);

        assertEquals("0.0.0.0", settings.listenHost(), "reached by the coordinator, so not loopback");
        assertEquals(7443, settings.listenPort());
        assertFalse(settings.plaintext(), "the packaged default serves mTLS");
        assertEquals(new AgentSettings.Tls(dir.resolve("tls/agent.crt"), dir.resolve("tls/agent.key"), dir.resolve("tls/ca.crt")),
                settings.tls(), "under /etc/qfleet/tls/ on a host");
        assertEquals(dir.resolve("tls/token"), settings.tokenFile());
        assertEquals(Path.of("/var/lib/qfleet-agent"), settings.stateDir());
        assertEquals(Path.of("/var/lib/qfleet-agent/staging"), settings.stagingDir());
        AgentSettings.QuestDb questdb = settings.questdb();
        assertEquals(Path.of("/var/lib/questdb/root"), questdb.root());
        assertEquals(Path.of("/opt/questdb/current"), questdb.installDir());
        assertEquals("direct", questdb.run());
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), questdb.java(), "default: the agent's own java");
        assertEquals(List.of("-Xmx4g"), questdb.jvmArgs());
        assertEquals("admin", questdb.pgUser());
        assertNull(questdb.pgPasswordFile(), "commented out: QuestDB's default password");
    }

    @Test
    void packagedSettingsInSystemdModeLoad() throws IOException {
        AgentSettings settings = PackagedSettings.load(dir, PackagedSettings::systemdMode);

        assertEquals(new AgentSettings.Systemd("questdb.service", Path.of("/usr/bin/systemctl"),
                Path.of("/etc/systemd/system/questdb.service.d")), settings.questdb().systemd());
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
        "plaintext: true     | plaintext: false         | missing key 'tls' (the agent serves TLS only",
        "  run: direct       | run: docker          | questdb.run: 'docker' is not supported (expected: direct or systemd)",
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

        assertTrue(e.getMessage().startsWith(file + ":10: questdb.jvm_args: "), e.getMessage());
    }

    @Test
    void notAMappingIsExplainedWithoutAnEmptyKey() throws IOException {
        Path file = write("- listen: 127.0.0.1:0\n");

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ":1: expected keys (listen: ..., questdb: ...), not a list", e.getMessage());
    }

    @Test
    void duplicateKeyNamesBothLines() throws IOException {
        Path file = write(VALID.replace("  run: direct\n", "  run: direct\n  root: /srv/questdb\n"));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + ":9: key 'root' appears twice (first on line 6)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "plaintext: true | plaintext: yes            | 2: plaintext: expected true or false, not 'yes'",
        "plaintext: true | \"plaintext: 'true'\"     | 2: plaintext: expected true or false, not 'true'",
        "listen: 127.0.0.1:0 | listen: [127.0.0.1, 0] | 1: listen: expected a value, not a list",
        "  root: /var/lib/questdb | root: {dir: /var/lib/questdb} | 6: questdb.root: expected a value, not a mapping",
        "  java: /usr/bin/java | \"  java: &j /usr/bin/java\n  pg_user: *j\" | 10: YAML aliases",
        "plaintext: true | plaintext: true: false   | 2: not valid YAML: mapping values are not allowed here",
    })
    void malformedValueNamesLineAndKey(String line, String replacement, String expected) throws IOException {
        Path file = write(replaceLine(line, replacement));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertTrue(e.getMessage().startsWith(file + ":" + expected), e.getMessage());
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

    /** VALID served over TLS: no plaintext, TLS files and a token file that exist with owner-only keys. */
    private String tlsYaml() throws IOException {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        for (String file : List.of("agent.crt", "ca.crt")) {
            Files.writeString(pki.resolve(file), "the loader checks existence; ServerTls parses");
        }
        for (String file : List.of("agent.key", "token")) {
            Files.writeString(pki.resolve(file), "secret");
            Files.setPosixFilePermissions(pki.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
        return VALID.replace("plaintext: true\n", "tls:\n  cert: " + pki.resolve("agent.crt") + "\n  key: " + pki.resolve("agent.key")
                + "\n  client_ca: " + pki.resolve("ca.crt") + "\ntoken_file: " + pki.resolve("token") + "\n")
                .replace("listen: 127.0.0.1:0", "listen: 0.0.0.0:7443");
    }

    @Test
    void tlsSettingsLoadOnAnyAddress() throws IOException {
        AgentSettings settings = SettingsLoader.load(write(tlsYaml()));

        Path pki = dir.resolve("pki");
        assertFalse(settings.plaintext());
        assertEquals("0.0.0.0", settings.listenHost());
        assertEquals(new AgentSettings.Tls(pki.resolve("agent.crt"), pki.resolve("agent.key"), pki.resolve("ca.crt")), settings.tls());
        assertEquals(pki.resolve("token"), settings.tokenFile());
        assertTrue(settings.describe().contains("token_file=" + pki.resolve("token")), settings.describe());
    }

    @Test
    void aPlaintextAgentMayAskForAToken() throws IOException {
        String tls = tlsYaml();
        String token = tls.substring(tls.indexOf("token_file:"), tls.indexOf('\n', tls.indexOf("token_file:")) + 1);
        AgentSettings settings = SettingsLoader.load(write(VALID + token));

        assertTrue(settings.plaintext());
        assertNull(settings.tls());
        assertEquals(dir.resolve("pki/token"), settings.tokenFile());
    }

    interface Edit {
        String apply(String yaml, Path pki) throws IOException;
    }

    static List<Arguments> refusedSecurity() {
        return List.of(
                Arguments.of("tls without its key", (Edit) (yaml, pki) -> yaml.replaceAll("(?m)^  key: .*\n", ""),
                        ": missing key 'tls.key'"),
                Arguments.of("tls without a token file", (Edit) (yaml, pki) -> yaml.replaceAll("(?m)^token_file: .*\n", ""),
                        ": missing key 'token_file' (every call must carry the bearer token it holds; make one with `qfleet pki token`)"),
                Arguments.of("a token file others can read", (Edit) (yaml, pki) -> {
                    Files.setPosixFilePermissions(pki.resolve("token"), PosixFilePermissions.fromString("rw-r--r--"));
                    return yaml;
                }, ": token_file: DIR/pki/token is open to group or others (rw-r--r--); run chmod 600 DIR/pki/token"),
                Arguments.of("a TLS key its group can read", (Edit) (yaml, pki) -> {
                    Files.setPosixFilePermissions(pki.resolve("agent.key"), PosixFilePermissions.fromString("rw-r-----"));
                    return yaml;
                }, ": tls.key: DIR/pki/agent.key is open to group or others (rw-r-----); run chmod 600 DIR/pki/agent.key"),
                Arguments.of("a certificate that is not there", (Edit) (yaml, pki) -> yaml.replace("agent.crt", "nope.crt"),
                        ": tls.cert: DIR/pki/nope.crt does not exist or is not a file"),
                Arguments.of("plaintext and tls at once", (Edit) (yaml, pki) -> yaml.replace("listen: 0.0.0.0:7443",
                        "listen: 127.0.0.1:7443\nplaintext: true"),
                        ": plaintext: true and a tls section (choose one: remove plaintext to serve TLS, or remove tls for a "
                                + "plaintext loopback agent)"),
                Arguments.of("plaintext on every address", (Edit) (yaml, pki) -> yaml.replaceAll("(?s)tls:.*client_ca: [^\n]*\n",
                        "plaintext: true\n"),
                        ": listen: 0.0.0.0 is not a loopback address; plaintext gRPC is only served on loopback (use 127.0.0.x, "
                                + "or remove plaintext and set tls and token_file)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSecurity")
    void insecureSettingsAreRefused(String name, Edit edit, String expected) throws IOException {
        Path file = write(edit.apply(tlsYaml(), dir.resolve("pki")));

        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(file));

        assertEquals(file + expected.replace("DIR", dir.toString()), e.getMessage());
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
