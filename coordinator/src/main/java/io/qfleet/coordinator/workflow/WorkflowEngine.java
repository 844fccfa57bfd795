package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.client.RootMarks;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Rollout;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one place on the coordinator side that does a run's I/O. Staging runs wide
 * ({@code stage_parallelism} hosts at once); the switch steps run wave by wave with at most
 * {@code max_unavailable} hosts in them at once. Every step is journaled (on disk) before it
 * starts and after it ends, and applied to the host's {@link HostRun} only then; a step's end
 * reaches the disk with the next start or the run's end, before anything is done on it. Once more hosts failed in
 * their switch steps than {@code max_failures}, or after {@link #requestStop()}, no new wave and
 * no further host of the current wave starts; hosts already in their switch steps always finish
 * or roll back.
 */
public final class WorkflowEngine {
    private final RunSpec spec;
    private final Map<String, RunSpec> hostSpecs;
    private final Rollout rollout;
    private final Function<HostEntry, AgentClient> clients;
    private final ProgressListener listener;
    private final RunJournal journal;
    private final Clock clock;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Hosts whose switch steps failed in this invocation (each ends failed or rolled back). */
    private final AtomicInteger failures = new AtomicInteger();
    private int allowedFailures;
    private final Map<String, HostRun> runs = new LinkedHashMap<>();
    /** The shared-storage guard's refusals (or failures to mark), by host: what their preflight reports. */
    private final Map<String, String> sharedRoots = new ConcurrentHashMap<>();
    private Surveyed surveyed = Surveyed.NONE;

    /** {@code hostSpecs} holds a host's own settings where the fleet file overrides them; others use {@code spec}. */
    public WorkflowEngine(RunSpec spec, Map<String, RunSpec> hostSpecs, Rollout rollout, Function<HostEntry, AgentClient> clients,
            ProgressListener listener, RunJournal journal, Clock clock) {
        this.spec = requireNonNull(spec, "spec");
        this.hostSpecs = Map.copyOf(hostSpecs);
        this.rollout = requireNonNull(rollout, "rollout");
        this.clients = requireNonNull(clients, "clients");
        this.listener = requireNonNull(listener, "listener");
        this.journal = requireNonNull(journal, "journal");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Facts and shared-storage verdicts read just before this run ({@link Surveyed}): not asked again. */
    public WorkflowEngine surveyed(Surveyed value) {
        this.surveyed = requireNonNull(value, "surveyed");
        return this;
    }

    /** Ctrl-C: start no new host or wave; hosts in their switch steps finish or roll back. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /**
     * Runs (or, given the state replayed from a journal, continues) the hosts through their waves.
     * {@code previous} holds the replayed {@link HostRun}s; a host missing there starts afresh.
     */
    public RunResult run(List<HostEntry> hosts, List<List<HostEntry>> waves, Map<String, HostRun> previous) {
        hosts.forEach(h -> runs.put(h.name(), previous.getOrDefault(h.name(),
                HostRun.begin(h.name(), spec.targetVersion(), hostSpecs.getOrDefault(h.name(), spec).path()))));
        listener.runStarted(spec.runId(), hosts.stream().map(HostEntry::name).toList(), spec.targetVersion());
        allowedFailures = rollout.maxFailures().of(hosts.size());
        List<HostEntry> toMark = hosts.stream().filter(h -> run(h).current() == Step.PREFLIGHT && !run(h).running()).toList();
        // The check's markers stand only when it marked every host: one marked now could share a root
        // with one marked then, and neither pass would see the other's marker as its own run's.
        if (toMark.stream().allMatch(h -> surveyed.sharedRoots().containsKey(h.name()))) {
            toMark.forEach(h -> {
                String refusal = surveyed.sharedRoots().get(h.name());
                if (!refusal.isEmpty()) {
                    sharedRoots.put(h.name(), refusal);
                }
            });
        } else {
            markRoots(toMark);
        }
        inParallel(hosts, rollout.stageParallelism(), host -> advance(host, true));
        for (int i = 0; i < waves.size(); i++) {
            List<HostEntry> wave = waves.get(i).stream().filter(h -> !run(h).finished()).toList();
            if (wave.isEmpty()) {
                continue;
            }
            if (holdingBack()) {
                break;
            }
            journal.append(new JournalEntry.WaveStarted(clock.instant(), i + 1, wave.stream().map(HostEntry::name).toList()));
            listener.waveStarted(i + 1, waves.size(), wave.stream().map(HostEntry::name).toList());
            inParallel(wave, rollout.maxUnavailable(), host -> advance(host, false));
        }
        List<HostSummary> summaries = hosts.stream().map(h -> run(h).summary()).toList();
        boolean interrupted = hosts.stream().anyMatch(h -> !run(h).finished());
        journal.append(new JournalEntry.RunFinished(clock.instant(), interrupted));
        listener.runFinished(summaries);
        return new RunResult(summaries, hosts.stream().map(this::run).anyMatch(HostRun::failedAfterChanges),
                hosts.stream().map(this::run).anyMatch(HostRun::unreachable), null);
    }

    /**
     * {@code qfleet rollback}: each host (migrated in this run, its backup checked by
     * {@link #backupRefusal}) is journaled as requested, then rolls back from its backup, at most
     * {@code max_unavailable} at once. {@code previous} is the run replayed from its journal.
     */
    public RunResult rollBack(List<HostEntry> hosts, Map<String, HostRun> previous) {
        for (HostEntry host : hosts) {
            journal.append(new JournalEntry.RollbackRequested(clock.instant(), host.name()));
            runs.put(host.name(), previous.get(host.name()).rollbackRequested());
        }
        listener.runStarted(spec.runId(), hosts.stream().map(HostEntry::name).toList(), spec.targetVersion());
        inParallel(hosts, rollout.maxUnavailable(), host -> advance(host, false));
        List<HostSummary> summaries = hosts.stream().map(h -> run(h).summary()).toList();
        journal.append(new JournalEntry.RunFinished(clock.instant(), false));
        listener.runFinished(summaries);
        return new RunResult(summaries,
                hosts.stream().map(this::run).anyMatch(r -> r.status() == HostStatus.FAILED),
                hosts.stream().map(this::run).anyMatch(HostRun::unreachable), null);
    }

    /**
     * Before {@link #rollBack} changes anything: the host's archive is still in its agent's
     * backup_dir and matches its manifest (a read of the whole archive, under a fresh operation id
     * {@code checkName}, so an archive removed since an earlier check is noticed). Null when it is.
     */
    public Refusal backupRefusal(HostEntry host, HostRun run, String checkName) {
        String id = spec.operationId(host.name(), run.attempt(), checkName);
        try (AgentClient agent = clients.apply(host)) {
            OperationOutcome outcome = agent.run(id, new StepRequest.VerifyBackup(run.backupArchive()),
                    (m, done, total, unit) -> listener.stepProgress(host.name(), Step.ROLLBACK_FROM_BACKUP, m, done, total, unit),
                    Duration.ofSeconds(spec.backup().timeoutSeconds()));
            return outcome.succeeded() ? null : new Refusal(host.name(), "its backup " + run.backupArchive() + " fails its check: "
                    + outcome.failureMessage(), false);
        } catch (AgentCallException e) {
            return new Refusal(host.name(), e.unreachable() ? e.getMessage()
                    : "its backup " + run.backupArchive() + " cannot be checked: " + e.getMessage(), e.unreachable());
        }
    }

    /** Why a host may not roll back; {@code unreachable} when its agent did not answer. */
    public record Refusal(String host, String reason, boolean unreachable) {}

    /**
     * The shared-storage guard, before any host's preflight: every host about to run its preflight
     * marks its root, then each one's refusal ({@link SharedRoots}) or failure to mark is what its
     * preflight step reports. An unreachable agent is left to the preflight, which says so.
     */
    private void markRoots(List<HostEntry> hosts) {
        Map<String, String> issued = new ConcurrentHashMap<>();
        Map<String, RootMarks> seen = new ConcurrentHashMap<>();
        inParallel(hosts, rollout.stageParallelism(), host -> {
            String id = SharedRoots.newMarkerId();
            issued.put(host.name(), id);
            try (AgentClient agent = clients.apply(host)) {
                seen.put(host.name(), agent.markRoot(host.name(), id));
            } catch (AgentCallException e) {
                if (!e.unreachable()) {
                    sharedRoots.put(host.name(), "cannot write the shared-storage marker: " + e.getMessage());
                }
            }
        });
        sharedRoots.putAll(SharedRoots.refusals(issued, seen));
    }

    /** Ctrl-C, or more failed hosts than {@code max_failures}: take no further host down. */
    private boolean holdingBack() {
        return stopRequested.get() || failures.get() > allowedFailures;
    }

    /**
     * Runs a host's steps: in the staging phase only the staging steps; in its wave, every step
     * to the end. A stop request or the failure threshold holds back hosts that have not entered
     * their switch steps (a wave's hosts queued behind {@code max_unavailable} included).
     */
    private HostRun advance(HostEntry host, boolean stagingOnly) {
        HostRun run = run(host);
        if (run.finished() || (stagingOnly && !run.staging())) {
            return run;
        }
        // A host resumed mid-rollback failed before the crash: it counts in this invocation too.
        boolean failureCounted = !stagingOnly && run.firstFailure() != null;
        if (failureCounted) {
            failures.incrementAndGet();
        }
        try (AgentClient agent = clients.apply(host)) {
            StepExecutor executor = new StepExecutor(hostSpecs.getOrDefault(host.name(), spec), agent, listener,
                    sharedRoots.get(host.name()), clients, surveyed.facts().get(host.name()));
            while (!run.finished() && (!stagingOnly || run.staging())) {
                if (holdingBack() && run.notYetDown()) {
                    return run;
                }
                run = step(host, run, executor);
                if (!stagingOnly && !failureCounted && run.firstFailure() != null) {
                    failureCounted = true;
                    failures.incrementAndGet(); // now, not after its rollback: no queued host starts meanwhile
                }
            }
        }
        if (run.finished()) {
            HostSummary summary = run.summary();
            journal.record(new JournalEntry.HostFinished(clock.instant(), host.name(), summary.status().label(),
                    summary.versionBefore(), summary.versionAfter(), summary.rowsBefore(), summary.rowsAfter(),
                    summary.message(), run.crossedPointOfNoReturn() || run.failedInEnterpriseStep(), run.unreachable()));
            listener.hostFinished(summary);
        }
        return run;
    }

    /** Journal, act, journal, apply: after a crash the journal never knows less than the agents. */
    private HostRun step(HostEntry host, HostRun run, StepExecutor executor) {
        Step step = run.current();
        // A step found running (a resumed run) is journaled again: it re-attaches to the agent's operation.
        journal.append(new JournalEntry.StepStarted(clock.instant(), host.name(), step.name()));
        if (!run.running()) {
            run = update(host, run.stepStarted(step));
        }
        Instant begin = clock.instant();
        listener.stepStarted(host.name(), step);
        StepExecutor.Result result = executor.execute(run, step);
        // Durable with the next step's start, which comes before anything is done on this result.
        journal.record(new JournalEntry.StepFinished(clock.instant(), host.name(), step.name(), result.ok(), result.detail(),
                result.version(), result.rows(), result.unreachable(), result.archive(),
                result.finishing() == null ? null : result.finishing().stream().map(Step::name).toList()));
        listener.stepFinished(host.name(), step, result.ok(), result.detail(), Duration.between(begin, clock.instant()));
        return update(host, run.stepFinished(step, result.ok(), result.detail(), result.version(), result.rows(), result.unreachable(),
                result.archive(), result.finishing()));
    }

    private synchronized HostRun run(HostEntry host) {
        return runs.get(host.name());
    }

    private synchronized HostRun update(HostEntry host, HostRun next) {
        runs.put(host.name(), next);
        return next;
    }

    private interface HostTask {
        void run(HostEntry host);
    }

    private static void inParallel(List<HostEntry> hosts, int parallelism, HostTask task) {
        if (hosts.isEmpty()) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, hosts.size()), r -> {
            Thread thread = new Thread(r, "qfleet-host-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            hosts.forEach(host -> futures.add(pool.submit(() -> task.run(host))));
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a host's run failed unexpectedly", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hosts were running", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
