package io.qfleet.agent.backup;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.qfleet.agent.Agent;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.Operation;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real agent served in-process: the same wiring as production, called through its gRPC API. */
final class InProcessAgent implements AutoCloseable {
    private final Agent agent;
    private final ManagedChannel channel;
    final OperationServiceGrpc.OperationServiceBlockingStub operations;

    private InProcessAgent(Agent agent, ManagedChannel channel) {
        this.agent = agent;
        this.channel = channel;
        this.operations = OperationServiceGrpc.newBlockingStub(channel);
    }

    static InProcessAgent start(AgentSettings settings) throws IOException {
        String name = InProcessServerBuilder.generateName();
        Agent agent = Agent.start(settings, InProcessServerBuilder.forName(name).directExecutor(), Clock.systemUTC());
        return new InProcessAgent(agent, InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    /**
     * Settings for one test host under {@code dir}: state, staging, backups, and an install dir whose
     * questdb.jar links to {@code jar} (null: no install dir content).
     */
    static AgentSettings settings(Path dir, Path root, Path jar, Path backupDir) throws IOException {
        Path install = Files.createDirectories(dir.resolve("install"));
        if (jar != null) {
            Files.deleteIfExists(install.resolve("questdb.jar"));
            Files.createSymbolicLink(install.resolve("questdb.jar"), jar.toAbsolutePath());
        }
        return new AgentSettings("127.0.0.1", 0, true, dir.resolve("state"), dir.resolve("staging"), backupDir,
                new AgentSettings.QuestDb(root, install, "direct", QuestDbRoots.javaExecutable(), QuestDbRoots.jvmArgs(),
                        QuestDbRoots.USER, null));
    }

    static OperationSpec backup(String compression, int level, int workers) {
        return OperationSpec.newBuilder().setBackup(io.qfleet.proto.agent.v1.BackupSpec.newBuilder()
                .setCompression(compression).setLevel(level).setWorkers(workers)).build();
    }

    static OperationSpec verify(String archive) {
        return OperationSpec.newBuilder().setVerifyBackup(io.qfleet.proto.agent.v1.VerifyBackupSpec.newBuilder()
                .setArchivePath(archive)).build();
    }

    static OperationSpec restore(String archive, int timeoutSeconds) {
        return OperationSpec.newBuilder().setRestore(io.qfleet.proto.agent.v1.RestoreSpec.newBuilder()
                .setArchivePath(archive).setTimeoutSeconds(timeoutSeconds)).build();
    }

    Operation start(String id, OperationSpec spec) {
        return operations.startOperation(StartOperationRequest.newBuilder().setOperationId(id).setSpec(spec).build()).getOperation();
    }

    Operation get(String id) {
        return operations.getOperation(GetOperationRequest.newBuilder().setOperationId(id).build()).getOperation();
    }

    /** Starts the operation and polls until it ends. */
    Operation run(String id, OperationSpec spec, Duration timeout) throws InterruptedException {
        start(id, spec);
        return await(id, timeout);
    }

    Operation await(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Operation op = get(id);
            if (List.of(OperationState.OPERATION_STATE_SUCCEEDED, OperationState.OPERATION_STATE_FAILED,
                    OperationState.OPERATION_STATE_CANCELLED).contains(op.getState())) {
                return op;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("operation " + id + " did not end within " + timeout + ": " + get(id));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agent.close();
    }
}
