package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.DistributionConfKeys;
import io.qfleet.coordinator.fleet.DistributionName;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.progress.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.qfleet.coordinator.fleet.EnterpriseSettings;
import java.time.Duration;
import java.util.List;

/**
 * Carries out one step on one host through its agent and says how it ended. Operation ids come
 * from the run, host, attempt and step, so running a step again (after a crash or a broken
 * connection) attaches to the operation the agent already has instead of starting a second one.
 */
final class StepExecutor {
    private static final Duration SHORT_STEP = Duration.ofMinutes(10);

    /**
     * How a step ended; {@code version}/{@code rows}/{@code archive}/{@code finishing} as {@link HostRun#stepFinished}
     * takes them ({@code finishing}: a preflight's, null from any other step).
     */
    record Result(boolean ok, String detail, String version, long rows, boolean unreachable, String archive, List<Step> finishing) {
        Result(boolean ok, String detail, String version, long rows, boolean unreachable, String archive) {
            this(ok, detail, version, rows, unreachable, archive, null);
        }

        Result(boolean ok, String detail, String version, long rows, boolean unreachable) {
            this(ok, detail, version, rows, unreachable, "");
        }

        static Result ok(String detail) {
            return new Result(true, detail, "", -1, false);
        }
    }

    private final RunSpec spec;
    private final AgentClient agent;
    private final ProgressListener listener;
    private final String sharedRoot;
    private final java.util.function.Function<HostEntry, AgentClient> clients;
    private final AgentFacts surveyedFacts;

    /**
     * {@code sharedRoot}: the shared-storage guard's refusal of this host, or null ({@link SharedRoots});
     * {@code clients}: other hosts' agents (a replica's seed comes from its primary); {@code surveyedFacts}:
     * what {@code run --plan}'s check read of this host moments ago ({@link Surveyed}), which the
     * preflight takes instead of asking again, or null.
     */
    StepExecutor(RunSpec spec, AgentClient agent, ProgressListener listener, String sharedRoot,
            java.util.function.Function<HostEntry, AgentClient> clients, AgentFacts surveyedFacts) {
        this.spec = spec;
        this.agent = agent;
        this.listener = listener;
        this.sharedRoot = sharedRoot;
        this.clients = clients;
        this.surveyedFacts = surveyedFacts;
    }

    Result execute(HostRun run, Step step) {
        try {
            return switch (step) {
                case PREFLIGHT -> preflight();
                case UPLOAD -> {
                    agent.upload(spec.distribution(), spec.sha256(), (m, done, total, unit) ->
                            listener.stepProgress(run.host(), Step.UPLOAD, m, done, total, unit));
                    yield Result.ok("distribution on the agent");
                }
                case STAGE -> Result.ok(operation(run, step, "stage",
                        new StepRequest.Stage(spec.sha256(), spec.targetVersion(), spec.enterprise().any()), SHORT_STEP).detail());
                case TLS_CHECK -> Result.ok(operation(run, step, "tls-check", tls(run, StepRequest.TlsPhase.PREPARE), SHORT_STEP).detail());
                case INVENTORY -> counted(operation(run, step, "inventory",
                        new StepRequest.Inventory(spec.walApplyTimeoutSeconds()), seconds(spec.walApplyTimeoutSeconds())));
                case BACKUP -> backup(run);
                case STOP -> Result.ok(operation(run, step, "stop", new StepRequest.Stop(spec.stopTimeoutSeconds()),
                        seconds(spec.stopTimeoutSeconds())).detail());
                case SWAP -> Result.ok(operation(run, step, "swap", swap(run), SHORT_STEP).detail());
                case START -> Result.ok(operation(run, step, "start", new StepRequest.Start(), SHORT_STEP).detail());
                case HEALTH_GATE -> {
                    OperationOutcome outcome = operation(run, step, "health-gate",
                            new StepRequest.HealthGate(spec.targetVersion(), spec.healthGateTimeoutSeconds()),
                            seconds(spec.healthGateTimeoutSeconds()));
                    yield new Result(true, outcome.detail(), outcome.questdbVersion(), -1, false);
                }
                case VERIFY -> counted(verify(run, step, "verify"));
                case TLS -> Result.ok(operation(run, step, "tls", tls(run, keysWrittenInSwap(run)
                        ? StepRequest.TlsPhase.VERIFY : StepRequest.TlsPhase.APPLY), restartBound()).detail());
                case ADMINS -> admins(run);
                case REPLICATION_CHECK -> Result.ok(operation(run, step, "replication-check",
                        replication(StepRequest.ReplicationPhase.CHECK_STORE, "", ""), SHORT_STEP).detail());
                case REPLICATION -> replication(run);
                case ROLLBACK -> rollback(run);
                case ROLLBACK_FROM_BACKUP -> rollbackFromBackup(run);
            };
        } catch (StepFailure e) {
            return new Result(false, e.getMessage(), "", -1, false);
        } catch (AgentCallException e) {
            return new Result(false, e.getMessage(), "", -1, e.unreachable());
        }
    }

    private Result preflight() {
        AgentFacts facts = surveyedFacts != null ? surveyedFacts : agent.facts();
        Preflight.Goal goal = new Preflight.Goal(spec.targetVersion(), DistributionName.of(spec.distribution()), size(),
                spec.backup().enabled() ? spec.backup().compression() : null, DistributionConfKeys.of(spec.distribution()).orElse(null));
        String failure = Preflight.firstFailure(Preflight.checks(facts, goal, sharedRoot));
        if (failure != null) {
            throw new StepFailure(failure);
        }
        // A host already on the target may still lack what steps 9 to 11 set: it goes through those only.
        List<Step> finishing = Preflight.finishing(facts, goal, spec.path(), spec.replication() == null ? null : spec.replication().role());
        return new Result(true, "QuestDB " + facts.questdbVersion() + " (" + facts.edition() + ") running, pid "
                + facts.questdbPid(), facts.questdbVersion(), -1, false, "", finishing);
    }

    /**
     * The default order writes the TLS keys and the admin override in the swap; a host that skips the
     * swap (already on the target, {@link HostWorkflow#finishing}) has its steps write them, as step by step.
     */
    private boolean keysWrittenInSwap(HostRun run) {
        return !spec.enterprise().stepByStep() && run.steps().contains(Step.SWAP);
    }

    /** With the default order the swap writes the Enterprise keys, so the first start already serves them. */
    private StepRequest.Swap swap(HostRun run) {
        EnterpriseSettings enterprise = spec.enterprise();
        boolean inSwap = !enterprise.stepByStep();
        return new StepRequest.Swap(id(run, "stage"), inSwap && enterprise.tls() != null ? id(run, "tls-check") : "",
                inSwap && !enterprise.admins().isEmpty());
    }

    private StepRequest.Tls tls(HostRun run, StepRequest.TlsPhase phase) {
        EnterpriseSettings.Tls tls = spec.enterprise().tls(); // already this host's, {host} filled in
        return new StepRequest.Tls(phase, tls.cert(), tls.key(), tls.address(), tls.expiryWindowDays(), tls.perEndpoint(), tls.demo(),
                spec.stopTimeoutSeconds(), spec.healthGateTimeoutSeconds());
    }

    private Result admins(HostRun run) {
        EnterpriseSettings enterprise = spec.enterprise();
        if (!keysWrittenInSwap(run)) {
            operation(run, Step.ADMINS, "admins-override", new StepRequest.Admins(StepRequest.AdminsPhase.OVERRIDE, List.of(),
                    spec.stopTimeoutSeconds(), spec.healthGateTimeoutSeconds()), restartBound());
        }
        String admins = operation(run, Step.ADMINS, "admins", new StepRequest.Admins(StepRequest.AdminsPhase.CREATE,
                enterprise.admins(), spec.stopTimeoutSeconds(), spec.healthGateTimeoutSeconds()), restartBound()).detail();
        if (enterprise.access() == null) {
            return Result.ok(admins);
        }
        // After the built-in admin is disabled: the agent now connects as the fleet's first admin, who creates them.
        return Result.ok(admins + "; " + operation(run, Step.ADMINS, "access", new StepRequest.Access(enterprise.access()),
                SHORT_STEP).detail());
    }

    private Result replication(HostRun run) {
        RunSpec.HostReplication replication = spec.replication();
        if (replication.role() == io.qfleet.coordinator.fleet.Role.PRIMARY) {
            return Result.ok(operation(run, Step.REPLICATION, "replication",
                    replication(StepRequest.ReplicationPhase.PRIMARY, "", ""), restartBound()).detail());
        }
        ReplicaSeeding.Seed seed = new ReplicaSeeding(spec, clients, (m, done, total, unit) ->
                listener.stepProgress(run.host(), Step.REPLICATION, m, done, total, unit)).deliver(agent);
        OperationOutcome outcome = operation(run, Step.REPLICATION, "replication",
                replication(StepRequest.ReplicationPhase.REPLICA, seed.archiveSha256(), seed.manifestSha256()),
                seconds(spec.backup().timeoutSeconds()).plus(restartBound()));
        return Result.ok("seeded from " + replication.primary().name() + "'s checkpoint; " + outcome.detail());
    }

    private StepRequest.Replication replication(StepRequest.ReplicationPhase phase, String archiveSha256, String manifestSha256) {
        RunSpec.HostReplication replication = spec.replication();
        return new StepRequest.Replication(phase, replication.objectStore(), replication.cluster(), replication.instanceId(),
                replication.clearFsStore(), archiveSha256, manifestSha256, spec.stopTimeoutSeconds(), spec.healthGateTimeoutSeconds());
    }

    /** A step that restarts QuestDB: a stop and a health gate, plus slack. */
    private Duration restartBound() {
        return seconds(spec.stopTimeoutSeconds() + spec.healthGateTimeoutSeconds());
    }

    private Result backup(HostRun run) {
        RunSpec.Backup backup = spec.backup();
        if (!backup.enabled()) {
            return Result.ok("skipped (--skip-backup): after the point of no return nothing can undo this host");
        }
        OperationOutcome outcome = operation(run, Step.BACKUP, "backup",
                new StepRequest.Backup(backup.compression(), backup.level(), backup.workers()), seconds(backup.timeoutSeconds()));
        return new Result(true, outcome.detail(), "", -1, false, outcome.archivePath());
    }

    private OperationOutcome verify(HostRun run, Step step, String name) {
        return operation(run, step, name, new StepRequest.Verify(id(run, "inventory"), spec.walApplyTimeoutSeconds()),
                seconds(spec.walApplyTimeoutSeconds()));
    }

    /** Old binaries back (if they were moved), old version started, gated and verified against the inventory. */
    private Result rollback(HostRun run) {
        if (run.swapped()) {
            operation(run, Step.ROLLBACK, "rollback-revert", new StepRequest.RevertSwap(id(run, "swap"), spec.stopTimeoutSeconds()),
                    seconds(spec.stopTimeoutSeconds()));
        }
        operation(run, Step.ROLLBACK, "rollback-start", new StepRequest.Start(), SHORT_STEP);
        OperationOutcome healthy = operation(run, Step.ROLLBACK, "rollback-health-gate",
                new StepRequest.HealthGate(run.versionBefore(), spec.healthGateTimeoutSeconds()), seconds(spec.healthGateTimeoutSeconds()));
        OperationOutcome verified = verify(run, Step.ROLLBACK, "rollback-verify");
        return new Result(true, "QuestDB " + healthy.questdbVersion() + " serving again; " + verified.detail(),
                healthy.questdbVersion(), verified.totalRows(), false);
    }

    /**
     * After the point of no return: old binaries back (revert_swap stops the new version first),
     * the root restored from the run's archive (the restore verifies it in full before it replaces
     * anything, unpacks, triggers {@code _restore}, starts the old version and compares the manifest),
     * then verified against the inventory. The revert's id is the plain rollback's, so a host whose
     * binaries that one already put back is not reverted twice.
     */
    private Result rollbackFromBackup(HostRun run) {
        if (run.swapped()) {
            operation(run, Step.ROLLBACK_FROM_BACKUP, "rollback-revert",
                    new StepRequest.RevertSwap(id(run, "swap"), spec.stopTimeoutSeconds()), seconds(spec.stopTimeoutSeconds()));
        }
        int restoreSeconds = Math.max(spec.stopTimeoutSeconds(), spec.healthGateTimeoutSeconds());
        OperationOutcome restored = operation(run, Step.ROLLBACK_FROM_BACKUP, "rollback-restore",
                new StepRequest.Restore(run.backupArchive(), restoreSeconds),
                seconds(spec.backup().timeoutSeconds() + 2 * restoreSeconds));
        OperationOutcome verified = verify(run, Step.ROLLBACK_FROM_BACKUP, "rollback-verify");
        return new Result(true, "restored " + run.backupArchive() + "; QuestDB " + restored.questdbVersion() + " serving, "
                + verified.detail(), restored.questdbVersion(), verified.totalRows(), false);
    }

    private static Result counted(OperationOutcome outcome) {
        return new Result(true, outcome.detail(), outcome.questdbVersion(), outcome.totalRows(), false);
    }

    private OperationOutcome operation(HostRun run, Step step, String name, StepRequest request, Duration timeout) {
        OperationOutcome outcome = agent.run(id(run, name), request,
                (m, done, total, unit) -> listener.stepProgress(run.host(), step, m, done, total, unit), timeout);
        if (!outcome.succeeded()) {
            throw new StepFailure(outcome.failureMessage().isEmpty() ? outcome.failureReason() : outcome.failureMessage());
        }
        return outcome;
    }

    private String id(HostRun run, String name) {
        return spec.operationId(run.host(), run.attempt(), name);
    }

    /** An operation's own bound plus the fleet's grace for the agent's bookkeeping and the network. */
    private Duration seconds(int seconds) {
        return Duration.ofSeconds((long) seconds + spec.agentGraceSeconds());
    }

    private long size() {
        try {
            return Files.size(spec.distribution());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A step that ended without success; the message is one line for the operator. */
    static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailure(String message) {
            super(message);
        }
    }
}
