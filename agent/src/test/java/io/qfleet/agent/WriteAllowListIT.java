package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.AgentProcess;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.TreeDigest;
import io.qfleet.proto.agent.v1.BackupResult;
import io.qfleet.proto.agent.v1.BackupSpec;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.RestoreSpec;
import io.qfleet.proto.agent.v1.VerifyBackupSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's allow-list against a real agent process: archive paths that leave backup_dir (outside,
 * through {@code ..}, through a symlink) are refused before anything runs, though the archive they
 * name is a genuine backup a restore would accept; and settings whose writable dirs are the whole
 * system or overlap stop the agent at start.
 */
class WriteAllowListIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;
    private final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(AgentProcess::close);
    }

    @Test
    void archivePathsLeavingBackupDirAreRefusedAndNothingChanges() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp.resolve("host"), stopper);
        long pid = host.startSeededSource();
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), host.settingsYaml());
        AgentProcess agent = AgentProcess.start(settings, host.dir(), "agent");
        agents.add(agent);
        AgentCalls calls = agent.calls();

        BackupResult backup = calls.run("backup-1", OperationSpec.newBuilder().setBackup(BackupSpec.getDefaultInstance()).build())
                .requireSucceeded().operation().getResult().getBackup();
        Path archive = Path.of(backup.getArchivePath());
        Path backupDir = archive.getParent();
        Path elsewhere = Files.createDirectories(host.dir().resolve("elsewhere"));
        Path outside = Files.copy(archive, elsewhere.resolve(archive.getFileName()));
        Files.copy(Path.of(backup.getManifestPath()), elsewhere.resolve(Path.of(backup.getManifestPath()).getFileName()));
        Path escape = Files.createSymbolicLink(backupDir.resolve("escape.tar.zst"), outside);
        Files.copy(Path.of(backup.getManifestPath()), backupDir.resolve("escape.tar.zst.manifest.json"));
        Path inside = Files.createSymbolicLink(backupDir.resolve("latest.tar.zst"), archive);
        Files.copy(Path.of(backup.getManifestPath()), backupDir.resolve("latest.tar.zst.manifest.json"));
        calls.run("verify-control", verify(inside.toString())).requireSucceeded(); // a link that stays inside is fine

        SortedMap<String, String> root = host.rootTree();
        SortedMap<String, String> opt = host.optTree();
        SortedMap<String, String> backups = TreeDigest.of(backupDir);
        Map<String, Long> rows = host.rowCounts();
        List<String> refusedPaths = List.of(outside.toString(), backupDir + "/../elsewhere/" + archive.getFileName(), escape.toString());
        int n = 0;
        for (String path : refusedPaths) {
            for (OperationSpec spec : List.of(verify(path), restore(path))) {
                String id = "refused-" + n++;
                ErrorInfo refused = AgentCalls.expectError(Status.Code.INVALID_ARGUMENT, () -> calls.start(id, spec));
                assertEquals("path_not_allowed", refused.getReason(), path);
            }
        }

        assertEquals(List.of("backup-1", "verify-control"), calls.list().stream().map(Operation::getOperationId).toList(),
                "a refused request stores no operation");
        assertEquals(root, host.rootTree(), "the root is unchanged");
        assertEquals(opt, host.optTree(), "the install dir and what lies beside it are unchanged");
        assertEquals(backups, TreeDigest.of(backupDir));
        assertEquals(pid, calls.facts().getQuestdbPid(), "QuestDB was never stopped");
        assertEquals(rows, host.rowCounts());
    }

    @Test
    void theRefusalMessageNamesThePathAndBackupDir() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp.resolve("host"), stopper);
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), host.settingsYaml());
        AgentProcess agent = AgentProcess.start(settings, host.dir(), "agent");
        agents.add(agent);
        Path backupDir = host.stateDir().resolveSibling("backups");
        String path = backupDir + "/../../etc/archive.tar.zst";
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> agent.calls().start("r", restore(path)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("archive_path " + path + " is not a file inside backup_dir " + backupDir
                + "; the agent reads and writes archives only there", e.getStatus().getDescription());
    }

    static List<Arguments> badDirs() {
        return List.of(
                Arguments.of("state_dir at /", (UnaryOperator<String>) y -> y.replaceFirst("(?m)^state_dir: .*$", "state_dir: /"),
                        "state_dir: / is a system directory"),
                Arguments.of("backup_dir inside the root", (UnaryOperator<String>) y -> y.replaceFirst("(?m)^backup_dir: .*$",
                        "backup_dir: " + y.lines().filter(l -> l.startsWith("  root: ")).findFirst().orElseThrow().substring(8) + "/backups"),
                        "which a restore moves aside"),
                Arguments.of("a unit name that reads as an option", (UnaryOperator<String>) y -> y.replaceFirst(
                        "(?m)^  run: direct\n  java: .*\n  jvm_args: .*\n", "  run: systemd\n  unit: --all\n"),
                        "questdb.unit: '--all' is not a service unit name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDirs")
    void settingsWithoutASafeAllowListStopTheAgentWithOneLine(String name, UnaryOperator<String> edit, String expected) throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp.resolve("host"), stopper);
        String yaml = edit.apply(host.settingsYaml());
        Path settings = Files.writeString(host.dir().resolve("agent.yaml"), yaml);
        AgentProcess agent = AgentProcess.launch(settings, host.dir(), "agent");
        agents.add(agent);
        assertEquals(2, agent.awaitExit(Duration.ofSeconds(30)), name);
        List<String> stderr = agent.stderrLines();
        assertEquals(1, stderr.size(), "one line on stderr: " + stderr);
        assertTrue(stderr.get(0).startsWith("qfleet-agent: " + settings + ": "), stderr.get(0));
        assertTrue(stderr.get(0).contains(expected), "expected '" + expected + "' in: " + stderr.get(0));
    }

    private static OperationSpec verify(String path) {
        return OperationSpec.newBuilder().setVerifyBackup(VerifyBackupSpec.newBuilder().setArchivePath(path)).build();
    }

    private static OperationSpec restore(String path) {
        return OperationSpec.newBuilder().setRestore(RestoreSpec.newBuilder().setArchivePath(path).setTimeoutSeconds(60)).build();
    }
}
