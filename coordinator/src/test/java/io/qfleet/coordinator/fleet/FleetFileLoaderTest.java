package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FleetFileLoaderTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String GOOD = """
            target:
              distribution: dist/questdb-9.2.2-no-jre-bin.tar.gz
              sha256: %s
              version: 9.2.2
            hosts:
              - name: db-1
                agent: 127.0.0.2:7001
              - name: db-2
                agent: 127.0.0.3:7001
            timeouts:
              stop_seconds: 60
            agents:
              plaintext: true
            """.formatted(SHA);

    /** GOOD with mTLS to the agents instead of plaintext; the PKI files exist (see distribution()). */
    static final String MTLS = GOOD.replace("agents:\n  plaintext: true\n", """
            agents:
              ca: pki/ca.crt
              client_cert: pki/client.crt
              client_key: pki/client.key
              token: ${file:pki/token}
            """);

    @TempDir
    Path dir;

    Path fleet;

    @BeforeEach
    void distribution() throws IOException {
        fleet = dir.resolve("fleet.yaml");
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/questdb-9.2.2-no-jre-bin.tar.gz"), "not really a tarball");
        Files.createDirectories(dir.resolve("pki"));
        for (String file : List.of("ca.crt", "client.crt", "client.key")) {
            Files.writeString(dir.resolve("pki").resolve(file), "only their existence is checked here");
        }
        Files.writeString(dir.resolve("pki/token"), "s3cr3t-t0ken-0123456789abcdef\n");
    }

    /** Each case: what is wrong, the file, and the message after "<file>:". */
    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("unknown top-level key", GOOD + "hots: []\n",
                        "14: unknown key 'hots' (expected one of: target, hosts, timeouts, rollout, backup, agents, tls, admins, access, enterprise_steps, replication)"),
                bad("an inline admin password", GOOD + "admins:\n  - name: ops\n    password: hunter2\n",
                        "16: admins[0].password: a password is never written in the fleet file (use ${env:NAME} or ${file:path})"),
                bad("an admin name with a quote", GOOD + "admins:\n  - name: o'ps\n    password: ${env:QF_PW}\n",
                        "15: admins[0].name: 'o'ps' is not a user name (expected 1-255 letters, digits, '_', '-', '.',"
                                + " starting with a letter, digit or '_', no '..' and no trailing '.')"),
                bad("an admin name twice", GOOD + "admins:\n  - {name: ops, password: '${env:QF_PW}'}\n"
                        + "  - {name: ops, password: '${env:QF_PW}'}\n",
                        "16: admins[1].name: 'ops' is used twice (admin names must be unique)"),
                bad("a password with a backslash", GOOD + "admins:\n  - name: ops\n    password: ${env:QF_BAD_PW}\n",
                        "16: admins[0].password: the value of ${env:QF_BAD_PW} is empty or holds a control character or a backslash"
                                + " (QuestDB and the PG driver would read it differently)"),
                bad("tls without a key", GOOD + "tls:\n  cert: /etc/tls/{host}.crt\n",
                        "14: tls.key: no value (expected the PEM file's path on each host, e.g. /etc/questdb/tls/{host}.crt;"
                                + " or demo: true for a test certificate)"),
                bad("tls with another placeholder", GOOD + "tls:\n  cert: /etc/tls/{name}.crt\n  key: /k\n",
                        "15: tls.cert: '/etc/tls/{name}.crt' has a placeholder other than {host}"),
                bad("tls demo with files", GOOD + "tls:\n  demo: true\n  cert: /c\n  key: /k\n",
                        "15: tls.demo: demo: true generates a self-signed certificate; remove cert and key, or demo"),
                bad("an unknown order", GOOD + "enterprise_steps: fast\n",
                        "14: enterprise_steps: 'fast' is not an order (expected in_swap: keys written in the swap, fewest restarts;"
                                + " or step_by_step: one restart per change)"),
                bad("unknown key in target", GOOD.replace("  sha256:", "  sah256:"),
                        "3: target: unknown key 'sah256' (expected one of: distribution, sha256, version)"),
                bad("unknown key in a host", GOOD.replace("agent: 127.0.0.3:7001", "agent: 127.0.0.3:7001\n    port: 1"),
                        "10: hosts[1]: unknown key 'port' (expected one of: name, agent, role, cluster, timeouts, backup)"),
                bad("unknown compression", GOOD + "backup:\n  compression: lz4\n",
                        "15: backup.compression: 'lz4' is not a compression (expected zstd, gzip or none)"),
                bad("zstd level out of range", GOOD + "backup:\n  level: 22\n",
                        "15: backup.level: 22 is not a zstd level (expected 0-19; 0 = the agent's default)"),
                bad("a replica without a cluster", GOOD.replace("agent: 127.0.0.3:7001", "agent: 127.0.0.3:7001\n    role: replica"),
                        "10: hosts[1].role: a replica needs a cluster name (expected e.g. cluster: trades)"),
                bad("a bad wave size", GOOD + "rollout:\n  waves: [1, ten]\n",
                        "15: rollout.waves[1]: 'ten' is not a host count or a percentage (expected e.g. 2 or 10%)"),
                bad("unknown key in timeouts", GOOD.replace("stop_seconds", "stop_secs"),
                        "11: timeouts: unknown key 'stop_secs'"
                                + " (expected one of: stop_seconds, health_gate_seconds, wal_apply_seconds, agent_grace_seconds)"),
                bad("missing key in a host", GOOD.replace("    agent: 127.0.0.3:7001\n", ""),
                        "8: hosts[1]: missing key 'agent'"),
                bad("missing top-level key", GOOD.substring(GOOD.indexOf("hosts:")),
                        "1: missing key 'target'"),
                bad("target without value", GOOD.substring(GOOD.indexOf("hosts:")) + "target:\n",
                        "10: target: no value (expected keys: distribution, sha256, version)"),
                bad("sha256 too short", GOOD.replace(SHA, "abc"),
                        "3: target.sha256: 'abc' is not a SHA-256 (expected 64 hex digits)"),
                bad("version not a version", GOOD.replace("version: 9.2.2", "version: latest"),
                        "4: target.version: 'latest' is not a version (expected digits and dots, e.g. 9.2.2)"),
                bad("distribution missing", GOOD.replace("dist/questdb-9.2.2", "dist/questdb-9.9.9"),
                        "2: target.distribution: DIR/dist/questdb-9.9.9-no-jre-bin.tar.gz does not exist"),
                bad("host name used twice", GOOD.replace("name: db-2", "name: db-1"),
                        "8: hosts[1].name: 'db-1' is used twice (host names must be unique)"),
                bad("agent used twice", GOOD.replace("127.0.0.3:7001", "127.0.0.2:7001"),
                        "9: hosts[1].agent: '127.0.0.2:7001' is used twice (agent addresses must be unique)"),
                bad("host name with capitals", GOOD.replace("name: db-2", "name: DB_2"),
                        "8: hosts[1].name: 'DB_2' is not a host name"
                                + " (expected 1-63 of a-z, 0-9, '.' and '-', starting with a letter or digit)"),
                bad("agent without port", GOOD.replace("127.0.0.3:7001", "127.0.0.3"),
                        "9: hosts[1].agent: '127.0.0.3' is not host:port (expected e.g. 127.0.0.2:7001)"),
                bad("agent port out of range", GOOD.replace("127.0.0.3:7001", "127.0.0.3:70000"),
                        "9: hosts[1].agent: '127.0.0.3:70000' has port 70000 (expected 1-65535)"),
                bad("empty hosts list", GOOD.substring(0, GOOD.indexOf("hosts:")) + "hosts: []\n",
                        "5: hosts: the list is empty (expected at least one host)"),
                bad("hosts not a list", GOOD.substring(0, GOOD.indexOf("hosts:")) + "hosts: db-1\n",
                        "5: hosts: expected a list, found 'db-1'"),
                bad("timeout zero", GOOD.replace("stop_seconds: 60", "stop_seconds: 0"),
                        "11: timeouts.stop_seconds: '0' is not positive (expected a number of seconds > 0)"),
                bad("timeout not a number", GOOD.replace("stop_seconds: 60", "stop_seconds: 1.5"),
                        "11: timeouts.stop_seconds: '1.5' is not a whole number"),
                bad("key used twice", GOOD + "timeouts: {}\n",
                        "14: key 'timeouts' is used twice (keys must be unique)"),
                bad("YAML syntax error", GOOD.replace("  version: 9.2.2", "   version: 9.2.2"),
                        "4: YAML syntax error: mapping values are not allowed here"),
                bad("tab indentation", GOOD.replace("  version: 9.2.2", "\tversion: 9.2.2"),
                        "4: YAML syntax error: while scanning for the next token, found character '\\t(TAB)'"
                                + " that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                bad("unset environment variable", GOOD.replace("version: 9.2.2", "version: ${env:QF_UNSET}"),
                        "4: target.version: environment variable QF_UNSET is not set"
                                + " (set it, or change ${env:QF_UNSET})"),
                bad("unknown reference", GOOD.replace("version: 9.2.2", "version: ${vault:v}"),
                        "4: target.version: unknown reference '${vault:v}' (expected ${env:NAME} or ${file:path})"),
                bad("invalid value from a reference", GOOD.replace("version: 9.2.2", "version: ${env:QF_WORD}"),
                        "4: target.version: the value of ${env:QF_WORD} is not a version"
                                + " (expected digits and dots, e.g. 9.2.2)"),
                bad("empty file", "# nothing yet\n",
                        "1: the file is empty (expected keys: target, hosts, agents)"),
                bad("no agents section", GOOD.replace("agents:\n  plaintext: true\n", ""),
                        "1: missing key 'agents' (how to reach the agents: expected keys: ca, client_cert, client_key, token; "
                                + "or plaintext: true for loopback dev agents; see qfleet pki)"),
                bad("a token written inline", MTLS.replace("${file:pki/token}", "s3cr3t-t0ken-0123456789abcdef"),
                        "16: agents.token: a token never sits in the fleet file (write token: ${file:path} or ${env:NAME})"),
                bad("mTLS without a token", MTLS.replace("  token: ${file:pki/token}\n", ""),
                        "12: agents: missing key 'token' (every call carries the agents' bearer token: token: ${file:path} "
                                + "or ${env:NAME}; make one with qfleet pki token)"),
                bad("a token of two words", MTLS.replace("${file:pki/token}", "${env:QF_WORDS}"),
                        "16: agents.token: the value of ${env:QF_WORDS} is not a token (expected one line of printable "
                                + "characters without spaces, e.g. from qfleet pki token)"),
                bad("mTLS without a client key", MTLS.replace("  client_key: pki/client.key\n", ""),
                        "12: agents: missing key 'client_key' (the coordinator's private key, from qfleet pki issue-client)"),
                bad("a CA file that is not there", MTLS.replace("pki/ca.crt", "pki/nope.crt"),
                        "13: agents.ca: DIR/pki/nope.crt does not exist"),
                bad("plaintext to an agent off loopback", GOOD.replace("127.0.0.3:7001", "10.0.0.3:7001"),
                        "9: hosts[1].agent: 10.0.0.3:7001 is not a loopback address; agents.plaintext is only for loopback "
                                + "dev agents (set agents.ca, client_cert, client_key and token instead)"),
                bad("plaintext and a CA", GOOD.replace("  plaintext: true\n", "  plaintext: true\n  ca: pki/ca.crt\n"),
                        "14: agents.ca: plaintext: true and TLS material (choose one: remove plaintext, or remove ca)"),
                bad("two documents", GOOD + "---\nhosts: []\n",
                        "15: a second YAML document (expected one document, remove the '---')"));
    }

    static Arguments bad(String what, String yaml, String message) {
        return Arguments.of(what, yaml, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void refusesBadFileWithOneLineMessage(String what, String yaml, String message) throws IOException {
        Files.writeString(fleet, yaml);
        Map<String, String> env = Map.of("QF_WORD", "latest", "QF_WORDS", "two words", "QF_PW", "s3cret", "QF_BAD_PW", "a\\b");

        FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFileLoader.load(fleet, env::get));

        assertEquals(fleet + ":" + message.replace("DIR", dir.toString()), e.getMessage());
        assertEquals(Integer.parseInt(message.substring(0, message.indexOf(':'))), e.line());
    }

    @Test
    void loadsTheEnterpriseSectionsWithPasswordsFromReferences() throws IOException {
        Files.writeString(fleet, GOOD + "tls:\n  cert: /etc/tls/{host}.crt\n  key: /etc/tls/{host}.key\n  address: '{host}.example.com'\n"
                + "admins:\n  - name: ops\n    password: ${env:QF_PW}\nenterprise_steps: step_by_step\n");
        FleetFile file = FleetFileLoader.load(fleet, Map.of("QF_PW", "s3cret")::get);
        EnterpriseSettings enterprise = file.enterprise();
        EnterpriseSettings.Tls tls = enterprise.tls().forHost(file.hosts().get(1));
        assertEquals("/etc/tls/db-2.crt", tls.cert());
        assertEquals("db-2.example.com", tls.address());
        assertEquals(30, tls.expiryWindowDays());
        assertEquals(List.of(new EnterpriseSettings.Admin("ops", "s3cret")), enterprise.admins());
        assertEquals("[Admin[ops, ***]]", enterprise.admins().toString());
        assertTrue(enterprise.stepByStep());
        assertEquals("127.0.0.2", new EnterpriseSettings.Tls("/c", "/k", "", 30, false, false).forHost(file.hosts().get(0)).address(),
                "the agent's host by default");
    }

    @Test
    void missingFileHasNoLine() {
        Path missing = dir.resolve("fleet.yaml");

        FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFileLoader.load(missing));

        assertEquals(missing + ": no such file", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void loadsMutualTlsAccessWithTheTokenFromItsFile() throws IOException {
        Files.writeString(fleet, MTLS);

        FleetFile file = FleetFileLoader.load(fleet);

        assertEquals(AgentAccess.mutualTls(dir.resolve("pki/ca.crt"), dir.resolve("pki/client.crt"), dir.resolve("pki/client.key"),
                "s3cr3t-t0ken-0123456789abcdef"), file.agents());
        assertFalse(file.agents().toString().contains("s3cr3t"), file.agents().toString());
    }

    @Test
    void plaintextMayCarryATokenForLoopbackAgentsThatAskForOne() throws IOException {
        Files.writeString(fleet, GOOD.replace("  plaintext: true\n", "  plaintext: true\n  token: ${env:QF_TOKEN}\n"));

        FleetFile file = FleetFileLoader.load(fleet, Map.of("QF_TOKEN", "s3cr3t-t0ken-0123456789abcdef")::get);

        assertEquals(AgentAccess.PLAINTEXT.withToken("s3cr3t-t0ken-0123456789abcdef"), file.agents());
    }

    @Test
    void loadsGoodFile() throws IOException {
        Files.writeString(fleet, GOOD.replace(SHA, SHA.toUpperCase()));

        FleetFile file = FleetFileLoader.load(fleet);

        assertEquals(new Target(dir.resolve("dist/questdb-9.2.2-no-jre-bin.tar.gz"), SHA, "9.2.2"), file.target());
        assertEquals(List.of(new HostEntry("db-1", "127.0.0.2", 7001), new HostEntry("db-2", "127.0.0.3", 7001)),
                file.hosts());
        assertEquals("127.0.0.3:7001", file.hosts().get(1).agentAddress());
        assertEquals(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(60)),
                file.timeouts());
    }

    @Test
    void hostSectionsOverrideTheFleetsKeyByKey() throws IOException {
        Files.writeString(fleet, GOOD.replace("agent: 127.0.0.3:7001", "agent: 127.0.0.3:7001\n    timeouts:\n"
                + "      health_gate_seconds: 600\n      agent_grace_seconds: 5\n    backup:\n      compression: none")
                + "backup:\n  compression: gzip\n  level: 9\nrollout:\n  waves: [1, 50%]\n  max_unavailable: 2\n");
        FleetFile file = FleetFileLoader.load(fleet);
        assertEquals(Duration.ofSeconds(60), file.timeoutsFor("db-2").stop(), "inherited from the fleet's timeouts");
        assertEquals(Duration.ofSeconds(600), file.timeoutsFor("db-2").healthGate());
        assertEquals(Duration.ofSeconds(120), file.timeoutsFor("db-1").healthGate());
        assertEquals(Duration.ofSeconds(5), file.timeoutsFor("db-2").agentGrace());
        assertEquals(Duration.ofSeconds(60), file.timeoutsFor("db-1").agentGrace(), "the default");
        assertEquals("gzip", file.backupFor("db-1").compression());
        assertEquals("none", file.backupFor("db-2").compression());
        assertEquals(2, file.rollout().maxUnavailable());
        assertEquals("[1, 50%]", file.rollout().waves().toString());
    }

    @Test
    void timeoutsAreOptional() throws IOException {
        Files.writeString(fleet, GOOD.replace("timeouts:\n  stop_seconds: 60\n", ""));

        assertEquals(Timeouts.DEFAULTS, FleetFileLoader.load(fleet).timeouts());
    }

    @Test
    void resolvesDistributionAgainstFleetFileDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("fleets/prod"));
        Path prod = sub.resolve("fleet.yaml");
        Files.writeString(prod, GOOD.replace("dist/questdb", "../../dist/questdb"));

        FleetFile file = FleetFileLoader.load(prod);

        assertEquals(dir.resolve("dist/questdb-9.2.2-no-jre-bin.tar.gz"), file.target().distribution());
    }

    @Test
    void acceptsAbsoluteDistributionAndIpv6Agent() throws IOException {
        Path absolute = dir.resolve("dist/questdb-9.2.2-no-jre-bin.tar.gz");
        Files.writeString(fleet, GOOD.replace("dist/questdb-9.2.2-no-jre-bin.tar.gz", absolute.toString())
                .replace("127.0.0.3:7001", "'[::1]:7001'"));

        FleetFile file = FleetFileLoader.load(fleet);

        assertEquals(absolute, file.target().distribution());
        assertEquals(new HostEntry("db-2", "::1", 7001), file.hosts().get(1));
        assertEquals("[::1]:7001", file.hosts().get(1).agentAddress());
    }

    @Test
    void resolvesReferencesInTextValues() throws IOException {
        Files.writeString(dir.resolve("version.txt"), "9.2.2\n");
        Files.writeString(fleet, GOOD.replace("version: 9.2.2", "version: ${file:version.txt}")
                .replace("name: db-1", "name: ${env:QF_HOST}-1"));

        FleetFile file = FleetFileLoader.load(fleet, Map.of("QF_HOST", "db")::get);

        assertEquals("9.2.2", file.target().version());
        assertEquals("db-1", file.hosts().get(0).name());
    }
}
