package io.qfleet.agent.step;

import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationWork;
import java.util.Optional;

/**
 * Starts QuestDB from the install dir with the module and main class its layout names. Returns
 * once the process is launched; the health gate decides whether it serves.
 */
final class StartStep implements OperationWork {
    private final QuestDbHost host;

    StartStep(QuestDbHost host) {
        this.host = host;
    }

    @Override
    public OperationResult run(OperationContext context) {
        Optional<Long> running = host.process().runningPid();
        if (running.isPresent()) {
            context.info("QuestDB already running (pid " + running.get() + ")");
            return new OperationResult.Started(running.get(), true);
        }
        DistributionInfo installed = DistributionLayout.describe(host.installDir());
        long pid = host.process().start(installed.jar(), installed.javaExecutable(), installed.main());
        context.info("started QuestDB " + installed.version() + " (pid " + pid + ")");
        return new OperationResult.Started(pid, false);
    }
}
