package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.StepRequest;

/**
 * What {@code qfleet finalize} removes on a host, decided from its run alone: pure. A host the run
 * migrated gives up its previous binaries, its backup archive and the upload; a rolled-back host
 * keeps everything unless the operator names it (then the binaries and root the rollback set aside
 * go too, and the archive); any other host is refused when named and skipped otherwise.
 */
public final class Retention {
    private Retention() {}

    /** Either {@code request} to send, or why not: {@code refusal} when the host was named, {@code skip} otherwise. */
    public record Decision(StepRequest.Finalize request, String refusal, String skip) {
        static Decision finalize(StepRequest.Finalize request) {
            return new Decision(request, null, null);
        }

        static Decision not(boolean named, String why) {
            return named ? new Decision(null, why, null) : new Decision(null, null, why);
        }
    }

    /**
     * @param named the operator named the host ({@code --hosts})
     * @param uploadSha256 the run's distribution ("" when the journal does not say: its upload is kept)
     */
    public static Decision decide(String runId, HostRun run, boolean named, String uploadSha256) {
        if (run == null) {
            return Decision.not(named, "not part of run " + runId);
        }
        HostStatus status = run.status();
        if (status == HostStatus.MIGRATED && !run.crossedPointOfNoReturn()) {
            return Decision.not(named, "nothing kept: " + run.message());
        }
        if (status == HostStatus.ROLLED_BACK && !named) {
            return Decision.not(false, "rolled back: keeps its backup (name it with --hosts to remove what its run kept)");
        }
        if (status != HostStatus.MIGRATED && status != HostStatus.ROLLED_BACK) {
            return Decision.not(named, (status == null ? "not finished" : status.label())
                    + ": what the run kept may be its way back (" + run.summary().message() + ")");
        }
        String backup = run.backupArchive().isEmpty() ? "" : id(runId, run, "backup");
        boolean rolledBack = status == HostStatus.ROLLED_BACK;
        return Decision.finalize(new StepRequest.Finalize(id(runId, run, "swap"), backup, uploadSha256 == null ? "" : uploadSha256,
                rolledBack ? id(runId, run, "rollback-revert") : "", rolledBack ? id(runId, run, "rollback-restore") : ""));
    }

    private static String id(String runId, HostRun run, String step) {
        return RunSpec.operationId(runId, run.host(), run.attempt(), step);
    }
}
