package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.DistributionInfo;
import io.qfleet.proto.agent.v1.Edition;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.HealthGateResult;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.InventoryResult;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StageResult;
import io.qfleet.proto.agent.v1.StartOperationResponse;
import io.qfleet.proto.agent.v1.StartResult;
import io.qfleet.proto.agent.v1.SwapResult;
import io.qfleet.proto.agent.v1.TableInventory;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole per-host migration through the agent's gRPC contract only, in-process, against a real
 * QuestDB 8.1.4 server that an operator started and the real 9.2.2 distribution.
 */
class AgentIT {
    private static final String OSS_MAIN = "io.questdb/io.questdb.ServerMain";

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void migratesOneHostFrom814To922ThroughTheContract() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long operatorPid = host.startSeededSource();
        Tarball target = Distributions.target(host.coordinatorDir());

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();

            HostFacts before = calls.facts();
            assertTrue(before.getQuestdbRunning(), before.toString());
            assertEquals(operatorPid, before.getQuestdbPid());
            assertEquals(AgentHostFixture.SOURCE_VERSION, before.getQuestdbVersion());
            assertEquals(Edition.EDITION_OPEN_SOURCE, before.getEdition());
            assertTrue(before.getWalTablesHealthy(), before.toString());
            assertEquals(List.of(), before.getSuspendedTablesList());
            assertEquals(List.of(), before.getProblemsList());
            assertEquals(distribution(AgentHostFixture.SOURCE_VERSION), before.getInstalled());
            assertEquals(host.root().toString(), before.getQuestdbRoot());
            assertEquals(host.installDir().toString(), before.getInstallDir());
            assertEquals(host.root().resolve("db").toString(), before.getRootsMap().get("db"));
            assertTrue(before.getDiskFreeBytes() > 0);
            assertEquals(List.of(), before.getEnterpriseStateList(), "an Open Source root holds no Enterprise state");

            assertEquals(GetUploadResponse.newBuilder().setSha256(target.sha256()).build(), calls.getUpload(target.sha256()),
                    "unknown upload: 0 bytes");
            UploadDistributionResponse uploaded = calls.upload(target);
            assertEquals(target.sha256(), uploaded.getSha256());
            assertEquals(target.size(), uploaded.getSizeBytes());
            GetUploadResponse complete = calls.getUpload(target.sha256());
            assertTrue(complete.getComplete());
            assertEquals(target.size(), complete.getBytesReceived());
            assertEquals(uploaded, calls.upload(target), "uploading a complete file again returns at once");

            Finished stage = calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
            StageResult staged = stage.operation().getResult().getStage();
            Path stagedDir = host.installDir().resolveSibling("questdb.staged-stage-1");
            assertEquals(stagedDir.toString(), staged.getStagedDir());
            assertEquals(distribution(Distributions.TARGET_VERSION), staged.getDistribution());
            assertEquals(2, staged.getEntries());
            assertEquals(Files.size(QuestDbRoots.targetJar()), staged.getUnpackedBytes());
            assertArrayEquals(Files.readAllBytes(QuestDbRoots.targetJar()), Files.readAllBytes(stagedDir.resolve("questdb.jar")));

            StartOperationResponse again = calls.start("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION));
            assertFalse(again.getCreated(), "same id and spec: the existing operation");
            assertEquals(stage.operation(), again.getOperation(), "nothing ran again");
            assertEquals(stage.events(), calls.watch("stage-1", 1), "no new events");

            Finished inventory = calls.run("inventory-1", Specs.inventory()).requireSucceeded();
            InventoryResult counted = inventory.operation().getResult().getInventory();
            assertEquals(AgentHostFixture.SOURCE_VERSION, counted.getQuestdbVersion());
            assertEquals(AgentHostFixture.seededRowCounts(), rows(counted.getTablesList()));
            assertEquals(Map.of(AgentHostFixture.WAL_TABLE, true, AgentHostFixture.PLAIN_TABLE, false), counted.getTablesList().stream()
                    .collect(Collectors.toMap(TableInventory::getName, TableInventory::getWal)));
            assertEquals(AgentHostFixture.WAL_ROWS + AgentHostFixture.PLAIN_ROWS, counted.getTotalRows());

            Finished stop = calls.run("stop-1", Specs.stop()).requireSucceeded();
            assertTrue(stop.operation().getResult().getStop().getWasRunning());
            HostFacts stopped = calls.facts();
            assertFalse(stopped.getQuestdbRunning(), "stopped");
            assertEquals(AgentHostFixture.SOURCE_VERSION, stopped.getQuestdbVersion(), "not running: from the installed binaries");
            assertEquals(Edition.EDITION_OPEN_SOURCE, stopped.getEdition());

            Finished swap = calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
            SwapResult swapped = swap.operation().getResult().getSwap();
            Path previous = Path.of(swapped.getPreviousInstallDir());
            assertEquals(host.installDir().toString(), swapped.getInstallDir());
            assertEquals(host.installDir().getParent(), previous.getParent(), "previous install dir beside the install dir");
            assertArrayEquals(Files.readAllBytes(QuestDbRoots.sourceJar()), Files.readAllBytes(previous.resolve("questdb.jar")));
            assertFalse(Files.exists(stagedDir), "staged dir moved into place");
            HostFacts swappedFacts = calls.facts();
            assertEquals(Distributions.TARGET_VERSION, swappedFacts.getQuestdbVersion(), "not running: from the installed binaries");
            assertEquals(distribution(Distributions.TARGET_VERSION), swappedFacts.getInstalled());

            Finished start = calls.run("start-1", Specs.start()).requireSucceeded();
            StartResult started = start.operation().getResult().getStart();
            assertFalse(started.getWasRunning());
            assertTrue(started.getPid() > 0);

            Finished gate = calls.run("gate-1", Specs.healthGate(Distributions.TARGET_VERSION, 120)).requireSucceeded();
            HealthGateResult healthy = gate.operation().getResult().getHealthGate();
            assertEquals(Distributions.TARGET_VERSION, healthy.getQuestdbVersion());
            assertEquals(Edition.EDITION_OPEN_SOURCE, healthy.getEdition());

            Finished verify = calls.run("verify-1", Specs.verify("inventory-1")).requireSucceeded();
            VerifyResult verified = verify.operation().getResult().getVerify();
            assertEquals(counted.getTablesCount(), verified.getTables());
            assertEquals(counted.getTotalRows(), verified.getTotalRows());

            HostFacts after = calls.facts();
            assertTrue(after.getQuestdbRunning());
            assertEquals(started.getPid(), after.getQuestdbPid());
            assertEquals(Distributions.TARGET_VERSION, after.getQuestdbVersion());
            assertEquals(distribution(Distributions.TARGET_VERSION), after.getInstalled());
            assertEquals("OSS", after.getReleaseType(), "GET /settings of 9.2.2");
            assertTrue(after.getWalTablesHealthy(), after.toString());
            assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts(), "QuestDB itself agrees");

            List<Operation> all = calls.list();
            assertEquals(List.of("stage-1", "inventory-1", "stop-1", "swap-1", "start-1", "gate-1", "verify-1"),
                    all.stream().map(Operation::getOperationId).toList(), "newest last");
            assertTrue(all.stream().allMatch(o -> o.getState() == OperationState.OPERATION_STATE_SUCCEEDED), all.toString());
        }
    }

    static DistributionInfo distribution(String version) {
        return DistributionInfo.newBuilder().setLayout("no-jre").setVersion(version)
                .setEdition(Edition.EDITION_OPEN_SOURCE).setMain(OSS_MAIN).build();
    }

    static Map<String, Long> rows(List<TableInventory> tables) {
        return tables.stream().collect(Collectors.toMap(TableInventory::getName, TableInventory::getRows, (a, b) -> a, TreeMap::new));
    }
}
