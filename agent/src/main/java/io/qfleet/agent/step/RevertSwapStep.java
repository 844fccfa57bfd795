package io.qfleet.agent.step;

import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.SwapPaths;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Undoes a swap: stops QuestDB if it runs (or a unit would restart it), moves the new binaries aside
 * (kept for a post-mortem) and the previous ones back, and undoes a launch change the swap made
 * (a systemd drop-in). When the binaries back are not Enterprise, every Enterprise-only server.conf
 * key goes (Open Source with strict validation would exit 55 on them) and the agent connects with
 * its settings' credentials again.
 */
final class RevertSwapStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.RevertSwap spec;

    RevertSwapStep(QuestDbHost host, OperationSpec.RevertSwap spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        OperationResult.Swapped swapped = context.resultOf(spec.swapOperationId(), OperationResult.Swapped.class);
        SwapPaths paths = new SwapPaths(Path.of(swapped.installDir()), Path.of(swapped.previousInstallDir()),
                Path.of(swapped.stagedDir()));
        host.allowList().require(paths.installDir(), "install dir");
        host.allowList().require(paths.previousDir(), "previous install dir");
        if (host.process().stop(Steps.timeout(spec.stopTimeoutSeconds(), 120)).wasRunning()) {
            context.info("stopped QuestDB before putting the previous binaries back");
        }
        Path reverted = paths.installDir().resolveSibling(paths.installDir().getFileName() + InstallSwap.REVERTED + context.operationId());
        InstallSwap.revert(paths, reverted);
        host.process().revertLaunch().ifPresent(context::info);
        context.info("previous binaries back in " + paths.installDir() + "; the reverted ones are in " + reverted);
        Edition edition = DistributionLayout.describe(paths.installDir()).edition();
        if (edition != Edition.ENTERPRISE) {
            ServerConfEdit strip = ServerConfWriter.stripEnterpriseKeys(
                    ServerConfEdit.of(ServerConf.read(host.confFile()), Clock.systemUTC()));
            ConfChange.write(host, strip, edition, context);
            host.credentials().clear();
        }
        return new OperationResult.Reverted(paths.installDir().toString(), reverted.toString());
    }
}
