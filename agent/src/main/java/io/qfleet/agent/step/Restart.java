package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;

/** Stop (SIGTERM, bounded wait), start from the install dir, wait until healthy: how a step makes QuestDB read server.conf again. */
final class Restart {
    private Restart() {
    }

    static void restart(QuestDbHost host, int stopTimeoutSeconds, int healthTimeoutSeconds, OperationContext context) {
        context.info("restarting QuestDB to apply server.conf");
        host.process().stop(Steps.timeout(stopTimeoutSeconds, 120));
        new StartStep(host).run(context);
        HealthWait.await(host, "", Steps.timeout(healthTimeoutSeconds, 120), context);
    }
}
