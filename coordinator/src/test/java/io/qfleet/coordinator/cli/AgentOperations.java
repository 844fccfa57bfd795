package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.qfleet.coordinator.client.AgentChannels;
import io.qfleet.coordinator.client.AgentOperation;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationServiceGrpc.OperationServiceBlockingStub;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One host's operations of one run as its agent reports them (ListOperations, then WatchOperation from
 * sequence 1 for each): what really ran, whatever the coordinator's journal says. Keyed by the name after
 * {@code <run id>.<host>.}, e.g. {@code stop} or {@code a2.stop} (a retried host's second attempt).
 */
record AgentOperations(DemoHost host, Map<String, AgentOperation> byName) {

    static AgentOperations of(DemoHost host, String runId) {
        String prefix = runId + "." + host.name() + ".";
        try (GrpcAgentClient agent = GrpcAgentClient.connect(host.agentHost(), host.agentPort(), host.agentAccess())) {
            Map<String, AgentOperation> byName = new LinkedHashMap<>();
            for (AgentOperation operation : agent.operations()) {
                if (operation.id().startsWith(prefix)) {
                    assertNull(byName.put(operation.id().substring(prefix.length()), operation),
                            "operation listed twice by " + host.name() + "'s agent: " + operation.id());
                }
            }
            return new AgentOperations(host, byName);
        }
    }

    /** Name to state ("succeeded", "failed", ...), sorted by name for readable assertion messages. */
    Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        byName.forEach((name, operation) -> states.put(name, operation.state()));
        return states;
    }

    /** Succeeded operations of one kind ({@code stop}) over every attempt ({@code stop}, {@code a2.stop}, ...). */
    long succeeded(String kind) {
        return byName.entrySet().stream()
                .filter(e -> e.getKey().replaceFirst("^a\\d+\\.", "").equals(kind))
                .filter(e -> e.getValue().state().equals("succeeded"))
                .count();
    }

    /**
     * Every operation's event log, read back from the agent: sequences 1..n without a gap, n equal to the
     * operation's last_sequence, exactly one terminal event and it is the last one, and exactly one event
     * that moved it to running. An operation started twice would show a second run of events.
     */
    void assertEachRanOnce() {
        ManagedChannel channel = AgentChannels.open(host.agentHost(), host.agentPort(), host.agentAccess());
        try {
            OperationServiceBlockingStub stub = OperationServiceGrpc.newBlockingStub(channel);
            for (AgentOperation operation : byName.values()) {
                List<OperationEvent> events = new ArrayList<>();
                stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .watchOperation(WatchOperationRequest.newBuilder().setOperationId(operation.id()).setFromSequence(1).build())
                        .forEachRemaining(events::add);
                long last = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getOperation(GetOperationRequest.newBuilder().setOperationId(operation.id()).build())
                        .getOperation().getLastSequence();
                String where = host.name() + ": " + operation.id() + " events " + events;
                assertEquals(last, events.size(), where);
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(i + 1, events.get(i).getSequence(), where);
                }
                List<Integer> terminal = new ArrayList<>();
                int runningEntered = 0;
                for (int i = 0; i < events.size(); i++) {
                    OperationState state = events.get(i).getState();
                    if (state == OperationState.OPERATION_STATE_SUCCEEDED || state == OperationState.OPERATION_STATE_FAILED
                            || state == OperationState.OPERATION_STATE_CANCELLED) {
                        terminal.add(i);
                    }
                    boolean wasRunning = i > 0 && events.get(i - 1).getState() == OperationState.OPERATION_STATE_RUNNING;
                    if (state == OperationState.OPERATION_STATE_RUNNING && !wasRunning) {
                        runningEntered++;
                    }
                }
                assertEquals(List.of(events.size() - 1), terminal, "one terminal event, the last: " + where);
                assertTrue(runningEntered <= 1, "started running more than once: " + where);
            }
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
