package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.coordinator.client.AgentChannels;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.ListOperationsRequest;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationServiceGrpc.OperationServiceBlockingStub;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch that goes away while its operation reports progress (the coordinator killed or interrupted, a
 * broken connection, a watch deadline) must leave the operation and the agent running. Against one real
 * host: {@code qfleet run} migrates it while the test opens and cancels watches of the health gate
 * operation as fast as it can, during the seconds 9.2.2 takes to boot (the health gate reports "waiting for
 * QuestDB" every 100 ms). The agent must keep answering, and the run must end migrated.
 */
class CancelledWatchIT {
    private static final long ROWS = 10_000;

    @TempDir
    Path dir;

    @Test
    void watchesCancelledDuringTheHealthGateLeaveTheAgentAndTheRunGoing() throws Exception {
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), DemoResources.TARGET_VERSION, dir.resolve("dist"));
        List<String> fleetLog = new CopyOnWriteArrayList<>();
        try (LocalFleet fleet = LocalFleet.create(resources, 1, ROWS, dir.resolve("fleet"), fleetLog::add)) {
            DemoHost host = fleet.hosts().get(0);
            Path file = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, fleet.hosts(), "");
            ManagedChannel channel = AgentChannels.open(host.agentHost(), host.agentPort(), host.agentAccess());
            try {
                OperationServiceBlockingStub agent = OperationServiceGrpc.newBlockingStub(channel);
                CompletableFuture<QfleetRun> run = CompletableFuture.supplyAsync(
                        () -> QfleetRun.execute("run", "-f", file.toString(), "--output", "json"));

                String healthGate = awaitRunning(agent, ".health-gate", run);
                int cancelled = 0;
                while (true) {
                    Operation operation = getOrFail(agent, healthGate, cancelled);
                    if (terminal(operation.getState())) {
                        break;
                    }
                    watchThenCancel(channel, healthGate);
                    cancelled++;
                }
                System.out.println("[watch] cancelled " + cancelled + " watches of " + healthGate + " while it ran");
                assertTrue(cancelled > 10, "only " + cancelled + " watches cancelled while the health gate ran");

                QfleetRun finished = run.get(3, TimeUnit.MINUTES);
                assertEquals(ExitCodes.DONE, finished.exitCode(), finished.transcript());
                JsonNode result = finished.onlyHost();
                assertEquals("migrated", result.path("status").asText(), finished.transcript());
                assertEquals(result.path("rows_before").asLong(), result.path("rows_after").asLong(), finished.transcript());
                assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, getOrFail(agent, healthGate, cancelled).getState());
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            fleetLog.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    /** The id of the first operation whose id ends with {@code suffix} once the agent runs it. */
    private static String awaitRunning(OperationServiceBlockingStub agent, String suffix, CompletableFuture<QfleetRun> run)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (run.isDone()) {
                fail("qfleet run ended before a " + suffix + " operation ran\n" + run.join().transcript());
            }
            Optional<Operation> found = agent.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listOperations(ListOperationsRequest.getDefaultInstance()).getOperationsList().stream()
                    .filter(o -> o.getOperationId().endsWith(suffix)).findFirst();
            if (found.isPresent() && found.get().getState() == OperationState.OPERATION_STATE_RUNNING) {
                return found.get().getOperationId();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + suffix + " operation running within 2 minutes");
    }

    /** GetOperation with a short deadline: an agent that does not answer is wedged. */
    private static Operation getOrFail(OperationServiceBlockingStub agent, String id, int cancelled) {
        try {
            return agent.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getOperation(GetOperationRequest.newBuilder().setOperationId(id).build()).getOperation();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                fail("the agent stopped answering GetOperation after " + cancelled + " cancelled watches of " + id);
            }
            throw e;
        }
    }

    /** Opens a watch from the first event, takes up to a few events, then cancels the call (the client going away). */
    private static void watchThenCancel(ManagedChannel channel, String id) throws InterruptedException {
        ClientCall<WatchOperationRequest, OperationEvent> call =
                channel.newCall(OperationServiceGrpc.getWatchOperationMethod(), CallOptions.DEFAULT);
        CountDownLatch event = new CountDownLatch(1);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(OperationEvent message) {
                event.countDown();
                call.request(1);
            }
        }, new Metadata());
        call.sendMessage(WatchOperationRequest.newBuilder().setOperationId(id).setFromSequence(1).build());
        call.halfClose();
        call.request(1);
        event.await(ThreadLocalRandom.current().nextInt(1, 30), TimeUnit.MILLISECONDS);
        call.cancel("the test's client goes away", null);
    }

    private static boolean terminal(OperationState state) {
        return state == OperationState.OPERATION_STATE_SUCCEEDED || state == OperationState.OPERATION_STATE_FAILED
                || state == OperationState.OPERATION_STATE_CANCELLED;
    }
}
