package io.qfleet.coordinator.workflow;

/** Hosts part-way through a run, built through the real transitions, for workflow tests. */
final class HostRuns {
    private HostRuns() {}

    /**
     * db-1 (8.1.4 to 9.2.2) through every forward step up to and including {@code last}, all succeeded:
     * inventory and verify count 100 rows, the health gate reads 9.2.2, the backup wrote {@code archive}
     * ("" as with --skip-backup).
     */
    static HostRun through(Step last, String archive) {
        HostRun run = HostRun.begin("db-1", "9.2.2");
        for (Step step : HostWorkflow.FORWARD) {
            run = run.stepStarted(step).stepFinished(step, true, "ok", version(step), rows(step), false,
                    step == Step.BACKUP ? archive : "");
            if (step == last) {
                break;
            }
        }
        return run;
    }

    static String version(Step step) {
        return step == Step.PREFLIGHT ? "8.1.4" : step == Step.HEALTH_GATE ? "9.2.2" : "";
    }

    static long rows(Step step) {
        return step == Step.INVENTORY || step == Step.VERIFY ? 100 : -1;
    }
}
