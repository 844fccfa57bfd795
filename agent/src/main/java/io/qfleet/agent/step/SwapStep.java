package io.qfleet.agent.step;

import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.SwapPaths;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.nio.file.Path;

/**
 * Staged binaries in, current ones aside (kept for rollback), by renames on one filesystem. When
 * the way QuestDB is run must change with them (a systemd unit naming the other edition's main),
 * that happens first and is undone if the renames fail.
 */
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
        host.process().requireStopped("swapping binaries");
        Path stagedDir = host.allowList().require(Path.of(staged.stagedDir()), "staged dir");
        host.process().prepareLaunch(staged.main()).ifPresent(context::info);
        SwapPaths paths;
        try {
            paths = InstallSwap.swap(host.installDir(), stagedDir, context.operationId());
        } catch (RuntimeException e) {
            host.process().revertLaunch().ifPresent(context::info);
            throw e;
        }
        context.info("QuestDB " + staged.version() + " in " + paths.installDir() + "; previous binaries in " + paths.previousDir());
        return new OperationResult.Swapped(paths.installDir().toString(), paths.previousDir().toString(),
                paths.stagedDir().toString());
    }
}
