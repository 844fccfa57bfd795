package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.RunResult;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs a fleet run in the foreground with Ctrl-C handled: the first interrupt stops new work,
 * lets hosts in their switch steps finish or roll back, and leaves a resumable journal; the JVM
 * exits only once the run has wound down.
 */
final class RunExecution {
    private RunExecution() {}

    static RunResult run(FleetRunner runner, PrintWriter err, Function<FleetRunner, RunResult> body) {
        CountDownLatch done = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            err.println("qfleet: interrupted: starting no new host; hosts in their switch steps finish or roll back "
                    + "(qfleet resume continues the run)");
            err.flush();
            runner.requestStop();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "qfleet-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return body.apply(runner);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for us and the JVM now exits
            }
        }
    }
}
