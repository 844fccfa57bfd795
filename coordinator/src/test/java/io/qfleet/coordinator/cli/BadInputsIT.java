package io.qfleet.coordinator.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table of the fault matrix (docs/reliability.md): fleet files, agent settings files,
 * distributions and backup archives, certificates settings and command-line arguments, each refused
 * with its one-line error and its exit code, against one real host (QuestDB 8.1.4 with data and a
 * real agent process; every fleet file names that agent, so an input let through would migrate it).
 * Around every case: a hash of the host's QuestDB root and of its install dir, the names beside the
 * install dir, the serving pid and every table's row count must not change. Left out of the root's
 * hash: {@code .qfleet/} (the shared-storage marker preflight writes) and QuestDB's own log and
 * reader bookkeeping.
 */
class BadInputsIT {
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final List<String> FLEET_LOG = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    private static DemoResources resources;
    private static LocalFleet fleet;
    private static DemoHost host;
    private static PackedDistribution good;
    private static String goodYaml;

    /** What is run: {@code qfleet} with arguments, or {@code qfleet-agent --settings <file>}. */
    enum Tool { QFLEET, AGENT }

    /**
     * One bad input. {@code input} is written to {@code <case dir>/<file>} (placeholders: {@code {good}}
     * the valid fleet file, {@code {dir}} the case dir); {@code args} may name it as {@code {file}}.
     * {@code error}: the one line expected on stderr with {@code {file}} filled in; starting with
     * {@code ~}, a fragment some line must contain (errors reported per host: on stderr after a run,
     * on stdout for restore and verify-backup). A restore refused before anything stopped exits 3.
     */
    record Case(String name, Tool tool, String file, String input, List<String> args, int exitCode, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String sha = "{sha}";
        // Fleet files: refused before any agent is asked anything.
        fleet(cases, "unknown top-level key", "{good}hots: []\n", ":9: unknown key 'hots' (expected one of: target, hosts, timeouts, rollout, backup, agents, tls, admins, access, enterprise_steps, replication)");
        fleet(cases, "sha256 not a SHA-256", "{good-sha:abc}", ":4: target.sha256: 'abc' is not a SHA-256 (expected 64 hex digits)");
        fleet(cases, "host name used twice", "{good}  - name: demo-1\n    agent: 127.0.0.9:7001\n", ":9: hosts[1].name: 'demo-1' is used twice (host names must be unique)");
        fleet(cases, "agent address used twice", "{good}  - name: demo-2\n    agent: {agent}\n", ":10: hosts[1].agent: '{agent}' is used twice (agent addresses must be unique)");
        fleet(cases, "host name with capitals", "{good-name:DB_1}", ":7: hosts[0].name: 'DB_1' is not a host name (expected 1-63 of a-z, 0-9, '.' and '-', starting with a letter or digit)");
        fleet(cases, "agent without port", "{good-agent:127.0.0.2}", ":8: hosts[0].agent: '127.0.0.2' is not host:port (expected e.g. 127.0.0.2:7001)");
        fleet(cases, "agent port out of range", "{good-agent:127.0.0.2:70000}", ":8: hosts[0].agent: '127.0.0.2:70000' has port 70000 (expected 1-65535)");
        fleet(cases, "primary without cluster", "{good}    role: primary\n", ":9: hosts[0].role: a primary needs a cluster name (expected e.g. cluster: trades)");
        fleet(cases, "unknown role", "{good}    role: leader\n", ":9: hosts[0].role: 'leader' is not a role (expected standalone, primary or replica)");
        fleet(cases, "wave of zero hosts", "{good}rollout:\n  waves: [0]\n", ":10: rollout.waves[0]: 0 hosts (expected at least 1 or 1%)");
        fleet(cases, "max_unavailable zero", "{good}rollout:\n  max_unavailable: 0\n", ":10: rollout.max_unavailable: 0 is not positive (expected a whole number > 0)");
        fleet(cases, "unknown compression", "{good}backup:\n  compression: lz4\n", ":10: backup.compression: 'lz4' is not a compression (expected zstd, gzip or none)");
        fleet(cases, "gzip level out of range", "{good}backup:\n  compression: gzip\n  level: 12\n", ":11: backup.level: 12 is not a gzip level (expected 0-9; 0 = the agent's default)");
        fleet(cases, "negative timeout", "{good}timeouts:\n  stop_seconds: -5\n", ":10: timeouts.stop_seconds: '-5' is not positive (expected a number of seconds > 0)");
        fleet(cases, "timeout not a number", "{good}timeouts:\n  health_gate_seconds: soon\n", ":10: timeouts.health_gate_seconds: 'soon' is not a whole number");
        fleet(cases, "unset environment variable", "{good-version:${env:QFLEET_NO_SUCH_VARIABLE}}", ":5: target.version: environment variable QFLEET_NO_SUCH_VARIABLE is not set (set it, or change ${env:QFLEET_NO_SUCH_VARIABLE})");
        fleet(cases, "unknown reference", "{good-version:${vault:x}}", ":5: target.version: unknown reference '${vault:x}' (expected ${env:NAME} or ${file:path})");
        fleet(cases, "missing file reference", "{good-version:${file:/nonexistent/qfleet-version}}", ":5: target.version: ${file:/nonexistent/qfleet-version}: /nonexistent/qfleet-version does not exist");
        fleet(cases, "inline admin password", "{good}admins:\n  - name: ops\n    password: hunter2-not-logged\n", ":11: admins[0].password: a password is never written in the fleet file (use ${env:NAME} or ${file:path})");
        fleet(cases, "YAML syntax error", "{good}rollout: [\n", ":10: YAML syntax error: while parsing a flow node, expected the node content, but found '<stream end>'");
        fleet(cases, "two YAML documents", "{good}---\nhosts: []\n", ":10: a second YAML document (expected one document, remove the '---')");
        fleet(cases, "key used twice", "{good}rollout:\n  waves: [1]\n  waves: [2]\n", ":11: rollout: key 'waves' is used twice (keys must be unique)");
        fleet(cases, "distribution missing", "{good-dist:{dir}/nope.tar.gz}", ":3: target.distribution: {dir}/nope.tar.gz does not exist");
        fleet(cases, "no hosts", "{good-hosts-empty}", ":6: hosts: the list is empty (expected at least one host)");
        fleet(cases, "version not a version", "{good-version:nine}", ":5: target.version: 'nine' is not a version (expected digits and dots, e.g. 9.2.2)");
        // Certificates (the tls section; the PEM files themselves are checked on each host by the tls check step).
        fleet(cases, "tls demo and cert together", "{good}tls:\n  demo: true\n  cert: /x/{host}.crt\n  key: /x/{host}.key\n", ":10: tls.demo: demo: true generates a self-signed certificate; remove cert and key, or demo");
        fleet(cases, "tls negative expiry window", "{good}tls:\n  cert: /x/{host}.crt\n  key: /x/{host}.key\n  expiry_window_days: -1\n", ":12: tls.expiry_window_days: -1 is negative (expected days, e.g. 30)");
        fleet(cases, "tls cert without key", "{good}tls:\n  cert: /x/{host}.crt\n", ":9: tls.key: no value (expected the PEM file's path on each host, e.g. /etc/questdb/tls/{host}.crt; or demo: true for a test certificate)");
        // Distributions: refused on the host at upload or stage, before anything stops.
        cases.add(new Case("distribution that is not gzip", Tool.QFLEET, "fleet.yaml", "{tarball:not-gzip}", List.of("run", "-f", "{file}"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~stage failed: "));
        cases.add(new Case("distribution without questdb.jar", Tool.QFLEET, "fleet.yaml", "{tarball:no-jar}", List.of("run", "-f", "{file}"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~stage failed: "));
        cases.add(new Case("distribution with a ../ entry", Tool.QFLEET, "fleet.yaml", "{tarball:dot-dot}", List.of("run", "-f", "{file}"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~'questdb-9.2.2-no-jre-bin/../../escaped'"));
        cases.add(new Case("distribution of another version", Tool.QFLEET, "fleet.yaml", "{good-version:9.9.9}", List.of("run", "-f", "{file}"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~holds QuestDB " + TARGET + ", the fleet file says 9.9.9"));
        // Backup archives: refused by the agent before QuestDB is stopped.
        cases.add(new Case("restore from outside backup_dir", Tool.QFLEET, "fleet.yaml", "{good}", List.of("restore", "-f", "{file}", "--host", "demo-1", "--archive", "/etc/passwd"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~archive_path /etc/passwd is not a file inside backup_dir "));
        cases.add(new Case("verify of a missing archive", Tool.QFLEET, "fleet.yaml", "{good}", List.of("verify-backup", "-f", "{file}", "--host", "demo-1", "--archive", "{backups}/none.tar.zst"), ExitCodes.FAILED_BEFORE_POINT_OF_NO_RETURN, "~none.tar.zst does not exist"));
        // Agent settings files: the agent refuses to start.
        agent(cases, "settings: unknown key", "{settings}tokn: x\n", ":11: unknown key 'tokn' (expected one of: backup_dir, listen, plaintext, questdb, replication, staging_dir, state_dir, tls, token_file)");
        agent(cases, "settings: unknown questdb key", "{settings}  jvm_arg: [-Xmx1g]\n", ":11: unknown key 'questdb.jvm_arg' (expected one of: drop_in_dir, install_dir, java, jvm_args, pg_password_file, pg_user, root, run, systemctl, unit)");
        agent(cases, "settings: missing questdb.root", "{settings-without:root}", ": missing key 'questdb.root'");
        agent(cases, "settings: plaintext on a public address", "{settings-listen:0.0.0.0:7001}", ": listen: 0.0.0.0 is not a loopback address; plaintext gRPC is only served on loopback (use 127.0.0.x, or remove plaintext and set tls and token_file)");
        agent(cases, "settings: port out of range", "{settings-listen:127.0.0.9:99999}", ": listen: port '99999' is not 0-65535 (0 picks a free port)");
        agent(cases, "settings: unsupported questdb.run", "{settings-run:docker}", ": questdb.run: 'docker' is not supported (expected: direct or systemd)");
        agent(cases, "settings: relative root", "{settings-root:relative/root}", ": questdb.root: 'relative/root' is not an absolute path");
        agent(cases, "settings: jvm_args not a list", "{settings}  jvm_args: -Xmx1g\n", ":11: questdb.jvm_args: expected a list ([a, b] or one '- item' per line), not '-Xmx1g'");
        cases.add(new Case("settings: no such file", Tool.AGENT, "absent.yaml", null, List.of(), 2, "qfleet-agent: {file}: no such file (pass the agent's settings with --settings)"));
        // Arguments.
        cases.add(new Case("run without a fleet file", Tool.QFLEET, "fleet.yaml", "{good}", List.of("run"), ExitCodes.USAGE, "Missing required option: '--fleet=FILE'"));
        cases.add(new Case("fleet file that does not exist", Tool.QFLEET, "absent.yaml", null, List.of("run", "-f", "{file}"), ExitCodes.USAGE, "qfleet: {file}: no such file"));
        cases.add(new Case("unknown output format", Tool.QFLEET, "fleet.yaml", "{good}", List.of("run", "-f", "{file}", "--output", "xml"), ExitCodes.USAGE, "Invalid value for option '--output': 'xml' is not an output format (expected text or json)"));
        cases.add(new Case("unknown option", Tool.QFLEET, "fleet.yaml", "{good}", List.of("run", "-f", "{file}", "--bogus"), ExitCodes.USAGE, "Unknown option: '--bogus'"));
        cases.add(new Case("resume with no run", Tool.QFLEET, "fleet.yaml", "{good}", List.of("resume", "-f", "{file}"), ExitCodes.USAGE, "qfleet: {dir}/qfleet-runs: no runs there (qfleet run starts one)"));
        cases.add(new Case("backup of an unknown host", Tool.QFLEET, "fleet.yaml", "{good}", List.of("backup", "-f", "{file}", "--hosts", "db-9"), ExitCodes.USAGE, "--hosts: no host 'db-9' in the fleet file (expected one of: demo-1)"));
        cases.add(new Case("plan file that does not exist", Tool.QFLEET, "fleet.yaml", "{good}", List.of("run", "-f", "{file}", "--plan", "{dir}/plan.json"), ExitCodes.USAGE, "{dir}/plan.json: no such file (write one with qfleet plan -o)"));
        cases.add(new Case("report of a missing run dir", Tool.QFLEET, "fleet.yaml", "{good}", List.of("report", "{dir}/qfleet-runs/none"), ExitCodes.USAGE, "qfleet: {dir}/qfleet-runs/none: no such file or directory"));
        assertTrue(cases.size() >= 30, "the matrix asks for at least 30 bad inputs: " + cases.size());
        return cases.stream();
    }

    private static void fleet(List<Case> cases, String name, String input, String error) {
        cases.add(new Case("fleet file: " + name, Tool.QFLEET, "fleet.yaml", input, List.of("run", "-f", "{file}"), ExitCodes.USAGE,
                "qfleet: {file}" + error));
    }

    private static void agent(List<Case> cases, String name, String input, String error) {
        cases.add(new Case(name, Tool.AGENT, "agent.yaml", input, List.of(), 2, "qfleet-agent: {file}" + error));
    }

    @BeforeAll
    static void startHost() {
        resources = DemoResources.locate();
        fleet = LocalFleet.create(resources, 1, 2_000, dir.resolve("fleet"), FLEET_LOG::add);
        host = fleet.hosts().get(0);
        good = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        goodYaml = agentsLine() + "target:\n  distribution: '" + good.file() + "'\n  sha256: " + good.sha256() + "\n  version: " + TARGET
                + "\nhosts:\n  - name: " + host.name() + "\n    agent: " + host.agentAddress() + "\n";
    }

    /**
     * The fleet's {@code agents:} section (TLS, client certificate, token) as one flow-style line, so
     * that it shifts every expected line number by exactly one.
     */
    private static String agentsLine() {
        try {
            JsonNode agents = new YAMLMapper().readTree(fleet.agentsYaml()).get("agents");
            return "agents: " + new ObjectMapper().writeValueAsString(agents) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopHost() {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            FLEET_LOG.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithOneLineAndNothingOnTheHostChanges(Case bad) throws Exception {
        Path caseDir = Files.createDirectories(dir.resolve("cases").resolve(bad.name().replaceAll("[^a-z0-9]+", "-")));
        HostSnapshot before = HostSnapshot.take(host);
        String rootBefore = rootHash();
        Path file = caseDir.resolve(bad.file());
        if (bad.input() != null) {
            Files.writeString(file, render(bad.input(), caseDir));
        }
        List<String> args = bad.args().stream().map(a -> a.replace("{file}", file.toString()).replace("{dir}", caseDir.toString())
                .replace("{backups}", host.dir().resolve("backups").toString())).toList();

        Outcome outcome = bad.tool() == Tool.QFLEET ? qfleet(args) : agent(file, caseDir);

        String expected = bad.error().replace("{file}", file.toString()).replace("{dir}", caseDir.toString())
                .replace("{agent}", host.agentAddress());
        assertEquals(bad.exitCode(), outcome.exitCode(), outcome.err());
        List<String> lines = outcome.err().lines().toList();
        if (expected.startsWith("~")) { // per-host errors: stderr, or the progress lines on stdout (restore, verify-backup)
            assertTrue(Stream.concat(lines.stream(), outcome.out().lines()).anyMatch(l -> l.contains(expected.substring(1))),
                    "expected a line with '" + expected.substring(1) + "' in:\n" + outcome.err() + outcome.out());
        } else {
            assertFalse(lines.isEmpty(), "nothing on stderr");
            assertEquals(expected, lines.get(0));
        }
        assertFalse(outcome.err().contains("hunter2") || outcome.out().contains("hunter2"), "a secret was printed");
        assertFalse(outcome.err().contains("Exception") || outcome.err().contains("io.qfleet."), "internals in:\n" + outcome.err());
        HostSnapshot after = HostSnapshot.take(host);
        assertEquals(before, after, "host changed (pid, version, rows, install dir, names beside it)");
        assertEquals(rootBefore, rootHash(), "QuestDB root changed");
    }

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome qfleet(List<String> args) {
        QfleetRun run = QfleetRun.execute(args.toArray(String[]::new));
        return new Outcome(run.exitCode(), run.out(), run.err());
    }

    private static Outcome agent(Path settings, Path caseDir) throws Exception {
        List<String> command = new ArrayList<>(resources.agentCommand());
        command.addAll(List.of("--settings", settings.toString()));
        Path out = caseDir.resolve("agent.out");
        Path err = caseDir.resolve("agent.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the agent started on bad settings:\n" + Files.readString(out));
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The root's tree hash without {@code .qfleet/} (preflight's marker), QuestDB's log, and its
     * {@code _txn_scoreboard} files (reader bookkeeping that any SELECT, ours included, updates).
     */
    private static String rootHash() throws IOException {
        return HostSnapshot.treeHash(host.root(), p -> p.startsWith(".qfleet") || p.startsWith("log")
                || p.getFileName().toString().equals("_txn_scoreboard"));
    }

    private static String render(String input, Path caseDir) throws IOException {
        // Agent settings on the host's root and install dir, with the case's own agent dirs.
        String settings = "listen: 127.0.0.9:0\nplaintext: true\nstate_dir: " + caseDir.resolve("state") + "\nstaging_dir: "
                + caseDir.resolve("staging") + "\nbackup_dir: " + caseDir.resolve("backups") + "\nquestdb:\n  root: " + host.root()
                + "\n  install_dir: " + host.installDir() + "\n  run: direct\n  java: " + resources.javaExecutable() + "\n";
        String text = input;
        if (text.startsWith("{tarball:")) {
            String kind = text.substring("{tarball:".length(), text.length() - 1);
            PackedDistribution dist = tarball(kind, caseDir);
            return goodYaml.replace(good.file().toString(), dist.file().toString()).replace(good.sha256(), dist.sha256());
        }
        text = text.replace("{good-hosts-empty}", goodYaml.substring(0, goodYaml.indexOf("hosts:")) + "hosts: []\n");
        text = replaceValue(text, "{good-sha:", v -> goodYaml.replace(good.sha256(), v));
        text = replaceValue(text, "{good-name:", v -> goodYaml.replace("name: " + host.name(), "name: " + v));
        text = replaceValue(text, "{good-agent:", v -> goodYaml.replace("agent: " + host.agentAddress(), "agent: " + v));
        text = replaceValue(text, "{good-version:", v -> goodYaml.replace("version: " + TARGET, "version: " + v));
        text = replaceValue(text, "{good-dist:", v -> goodYaml.replace(good.file().toString(), v));
        text = replaceValue(text, "{settings-without:", v -> settings.replaceAll("(?m)^  " + v + ": .*\n", ""));
        text = replaceValue(text, "{settings-listen:", v -> settings.replace("127.0.0.9:0", v));
        text = replaceValue(text, "{settings-run:", v -> settings.replace("run: direct", "run: " + v));
        text = replaceValue(text, "{settings-root:", v -> settings.replace("root: " + host.root(), "root: " + v));
        return text.replace("{good}", goodYaml).replace("{settings}", settings).replace("{dir}", caseDir.toString())
                .replace("{agent}", host.agentAddress());
    }

    /** {@code {prefix<value>}...}: the whole input replaced by {@code with(value)}. */
    private static String replaceValue(String text, String prefix, java.util.function.UnaryOperator<String> with) {
        if (!text.startsWith(prefix)) {
            return text;
        }
        String value = text.substring(prefix.length(), text.lastIndexOf('}'));
        return with.apply(value.replace("{dir}", "{dir}"));
    }

    /** Small distributions that staging must refuse. */
    private static PackedDistribution tarball(String kind, Path caseDir) throws IOException {
        Path file = caseDir.resolve("questdb-" + TARGET + "-no-jre-bin.tar.gz");
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), sha256)) {
            if (kind.equals("not-gzip")) {
                out.write("this is not a tarball\n".getBytes(UTF_8));
            } else {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                    String top = TestTarballs.top(TARGET);
                    entry(tar, top + "/README.txt", "no jar here\n");
                    if (kind.equals("dot-dot")) {
                        entry(tar, top + "/../../escaped", "written by a hostile tarball\n");
                    }
                    tar.finish();
                }
            }
        }
        return new PackedDistribution(file, HexFormat.of().formatHex(sha256.digest()), TARGET);
    }

    private static void entry(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(bytes.length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
