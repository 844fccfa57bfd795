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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's allow-list against a real agent process: archive paths that leave backup_dir (outside,
 * through {@code ..}, through a symlink) are refused before anything runs, though the archive they
 * name is a genuine backup a restore would accept. Settings whose writable dirs are the whole system
 * or overlap are refused at start in AgentProcessIT's bad settings.
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

    private static OperationSpec verify(String path) {
        return OperationSpec.newBuilder().setVerifyBackup(VerifyBackupSpec.newBuilder().setArchivePath(path)).build();
    }

    private static OperationSpec restore(String path) {
        return OperationSpec.newBuilder().setRestore(RestoreSpec.newBuilder().setArchivePath(path).setTimeoutSeconds(60)).build();
    }
}
