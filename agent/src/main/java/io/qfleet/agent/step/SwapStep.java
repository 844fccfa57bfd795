package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.SwapPaths;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.nio.file.Path;
import java.util.Optional;

/** Staged binaries in, current ones aside (kept for rollback), by renames on one filesystem. */
final class SwapStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.Swap spec;

    SwapStep(QuestDbHost host, OperationSpec.Swap spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        OperationResult.Staged staged = context.resultOf(spec.stageOperationId(), OperationResult.Staged.class);
        Optional<Long> running = host.process().runningPid();
        if (running.isPresent()) {
            throw AgentException.failedPrecondition("questdb_running",
                    "QuestDB is running (pid " + running.get() + "); stop it before swapping binaries");
        }
        SwapPaths paths = InstallSwap.swap(host.installDir(), Path.of(staged.stagedDir()), context.operationId());
        context.info("QuestDB " + staged.version() + " in " + paths.installDir() + "; previous binaries in " + paths.previousDir());
        return new OperationResult.Swapped(paths.installDir().toString(), paths.previousDir().toString(),
                paths.stagedDir().toString());
    }
}
