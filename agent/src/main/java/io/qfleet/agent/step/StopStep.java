package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.process.StopResult;

/** Graceful stop (SIGTERM, or systemctl stop) and wait; a timeout fails the step and leaves QuestDB running. */
final class StopStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.Stop spec;

    StopStep(QuestDbHost host, OperationSpec.Stop spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        host.process().runningPid().ifPresent(pid -> context.info("stopping QuestDB (pid " + pid + ")"));
        StopResult stopped = host.process().stop(Steps.timeout(spec.timeoutSeconds(), 120));
        return new OperationResult.Stopped(stopped.wasRunning(), stopped.exitCode(), stopped.stopMillis());
    }
}
