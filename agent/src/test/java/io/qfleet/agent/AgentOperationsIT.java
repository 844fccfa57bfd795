package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.EventWatch;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.Processes;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operation semantics through gRPC: watches, one operation at a time, cancellation, and steps
 * refusing a host in the wrong state. A long-running operation is a health gate on a QuestDB that
 * the test froze with SIGSTOP: alive, but answering nothing, until the test thaws it.
 */
class AgentOperationsIT {
    private static final Duration EVENT = Duration.ofSeconds(30);

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void cancellingAWatchLeavesTheOperationRunningAndAWatchFromLastSeenContinues() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSeededSource();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            Processes.freeze(pid);
            calls.start("gate-1", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120));
            EventWatch watch = calls.watchAsync("gate-1", 1);
            List<OperationEvent> seen = new ArrayList<>();
            seen.add(watch.next(EVENT));
            seen.add(watch.next(EVENT)); // "waiting for QuestDB": the gate is polling
            watch.cancel();
            assertTrue(watch.awaitEnd(EVENT), "the cancelled watch ends");
            seen.addAll(watch.drain());
            assertEquals(Status.Code.CANCELLED, Status.fromThrowable(watch.error()).getCode());

            Operation running = calls.get("gate-1");
            assertEquals(OperationState.OPERATION_STATE_RUNNING, running.getState(), "cancelling the watch did not cancel the operation");
            awaitLastSequenceAbove(calls, "gate-1", seen.get(seen.size() - 1).getSequence() + 1); // events nobody watched

            ErrorInfo busy = AgentCalls.expectError(Status.Code.ABORTED, () -> calls.start("inventory-1", Specs.inventory()));
            assertEquals("host_busy", busy.getReason());
            assertEquals("true", busy.getMetadataOrDefault("retryable", ""));
            ErrorInfo reused = AgentCalls.expectError(Status.Code.ALREADY_EXISTS,
                    () -> calls.start("gate-1", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 60)));
            assertEquals("operation_id_reused", reused.getReason());

            Processes.thaw(pid);
            long from = seen.get(seen.size() - 1).getSequence() + 1;
            List<OperationEvent> rest = calls.watch("gate-1", from);
            assertEquals(from, rest.get(0).getSequence(), "the watch resumes where the last one stopped");
            seen.addAll(rest);
            AgentCalls.assertSequence(seen, 1);
            assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, seen.get(seen.size() - 1).getState(), seen.toString());
            assertEquals(seen.size(), calls.get("gate-1").getLastSequence());
            assertEquals(List.of(), calls.watch("gate-1", seen.size() + 1), "nothing after the terminal event");

            calls.run("inventory-1", Specs.inventory()).requireSucceeded(); // the host is free again
        }
    }

    @Test
    void cancelOperationStopsARunningHealthGate() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSource();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            Processes.freeze(pid);
            calls.start("gate-1", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120));
            EventWatch watch = calls.watchAsync("gate-1", 1);
            assertEquals(OperationState.OPERATION_STATE_RUNNING, watch.next(EVENT).getState());

            calls.cancel("gate-1");
            Finished cancelled = calls.await("gate-1").require(OperationState.OPERATION_STATE_CANCELLED);
            assertEquals("cancelled", cancelled.reason());
            assertTrue(watch.awaitEnd(EVENT), "a live watch ends after the terminal event");
            assertNull(watch.error());
            assertEquals(cancelled.operation(), calls.cancel("gate-1"), "cancelling an ended operation changes nothing");
            ErrorInfo unknown = AgentCalls.expectError(Status.Code.NOT_FOUND, () -> calls.cancel("no-such-op"));
            assertEquals("operation_not_found", unknown.getReason());
            HostFacts hung = calls.facts();
            assertTrue(hung.getQuestdbRunning(), "a hung server still runs");
            assertEquals("", hung.getQuestdbVersion(), "unknown while it does not answer");
            assertTrue(hung.getProblemsList().stream().anyMatch(p -> p.contains("PG wire not answering")), hung.toString());
            assertEquals(AgentIT.distribution(AgentHostFixture.SOURCE_VERSION), hung.getInstalled());

            Processes.thaw(pid);
            HostFacts facts = calls.facts();
            assertTrue(facts.getQuestdbRunning());
            assertEquals(AgentHostFixture.SOURCE_VERSION, facts.getQuestdbVersion());
            assertEquals(List.of(), facts.getProblemsList());
        }
    }

    @Test
    void swapWhileQuestDbRunsFailsAndChangesNothing() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSource();
        Tarball target = Distributions.target(host.coordinatorDir());

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(target);
            calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
            SortedMap<String, String> opt = host.optTree();

            Finished swap = calls.run("swap-1", Specs.swap("stage-1")).require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("questdb_running", swap.reason(), swap.operation().getFailure().toString());
            assertEquals(opt, host.optTree(), "install dir and staged dir untouched");
            assertTrue(Files.isDirectory(host.installDir().resolveSibling("questdb.staged-stage-1")));

            Finished orphan = calls.run("swap-2", Specs.swap("no-such-stage")).require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("operation_not_found", orphan.reason());

            HostFacts facts = calls.facts();
            assertEquals(pid, facts.getQuestdbPid());
            assertEquals(AgentHostFixture.SOURCE_VERSION, facts.getQuestdbVersion());
        }
    }

    @Test
    void healthGatePassesAServerStartedByHandAfterTheAgentsOwnOneStopped() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        host.startSource();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.run("stop-1", Specs.stop()).requireSucceeded();
            calls.run("start-1", Specs.start()).requireSucceeded();
            calls.run("gate-1", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120)).requireSucceeded();
            calls.run("stop-2", Specs.stop()).requireSucceeded(); // the agent's own child exits 143

            long byHand = host.startSource(); // an operator starts it again, outside the agent
            Finished start = calls.run("start-2", Specs.start()).requireSucceeded();
            assertTrue(start.operation().getResult().getStart().getWasRunning());
            assertEquals(byHand, start.operation().getResult().getStart().getPid());
            Finished gate = calls.run("gate-2", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120));
            gate.requireSucceeded();
        }
    }

    @Test
    void watchingAnUnknownOperationIsNotFound() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> calls.watch("no-such-op", 1));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            assertEquals("operation_not_found", AgentCalls.errorInfo(e).orElseThrow().getReason());
            assertEquals("missing_spec", AgentCalls.expectError(Status.Code.INVALID_ARGUMENT,
                    () -> calls.start("op-1", OperationSpec.getDefaultInstance())).getReason());
            assertEquals(List.of(), calls.list(), "a refused start stores nothing");
        }
    }

    private static void awaitLastSequenceAbove(AgentCalls calls, String id, long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT.toNanos();
        while (calls.get(id).getLastSequence() < sequence) {
            assertTrue(System.nanoTime() < deadline, id + " made no progress while nobody watched");
            Thread.sleep(100);
        }
    }
}
