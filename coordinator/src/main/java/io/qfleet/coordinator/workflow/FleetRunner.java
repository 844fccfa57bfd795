package io.qfleet.coordinator.workflow;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClientPool;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.client.GrpcAgentClient;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.fleet.BackupSettings;
import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.Timeouts;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.progress.ProgressListener;
import io.qfleet.coordinator.report.ReportWriter;
import io.qfleet.coordinator.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Turns a fleet file into a run, or continues one from its journal: the one path shared by
 * {@code qfleet run}, {@code resume} and {@code demo}. A run lives in {@code <runs dir>/<run id>/}.
 */
public final class FleetRunner {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Function<HostEntry, AgentClient> clients;
    private final Clock clock;
    private volatile WorkflowEngine engine;
    private volatile boolean stopRequested;
    private boolean skipBackup;
    private Surveyed surveyed = Surveyed.NONE;
    private Runnable agentsDone = () -> { };

    public FleetRunner(Function<HostEntry, AgentClient> clients, Clock clock) {
        this.clients = requireNonNull(clients, "clients");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Agents over gRPC at the addresses of the fleet file, secured as its {@code agents} section says. */
    public static FleetRunner overGrpc(Clock clock, AgentAccess access) {
        return new FleetRunner(grpcClients(access), clock);
    }

    /** A new gRPC client per call: wrap in an {@link AgentClientPool} to share one per host. */
    public static Function<HostEntry, AgentClient> grpcClients(AgentAccess access) {
        return host -> GrpcAgentClient.connect(host, access);
    }

    /**
     * Runs without the backup step: only on the operator's explicit word, since nothing can then undo
     * a host whose verify fails after the new binaries ran.
     */
    public FleetRunner skipBackup() {
        this.skipBackup = true;
        return this;
    }

    /** What {@code run --plan}'s check just read of the hosts: the new run's preflight takes it instead of asking again. */
    public FleetRunner surveyed(Surveyed value) {
        this.surveyed = requireNonNull(value, "surveyed");
        return this;
    }

    /**
     * What to do once a run, resume or rollback needs its agents no more, before its report renders:
     * a CLI that shares its own pool with the runner starts closing that pool's connections there
     * ({@link AgentClientPool#shutdown()}); the runner's own pool does so by itself.
     */
    public FleetRunner whenAgentsDone(Runnable action) {
        this.agentsDone = requireNonNull(action, "action");
        return this;
    }

    /** A new run; its journal goes to {@code runsDir/<run id>/}. */
    public RunResult start(FleetFile fleet, Path fleetFile, Path runsDir, ProgressListener listener) {
        String runId = newRunId();
        List<List<HostEntry>> waves = WavePlan.plan(fleet.hosts(), fleet.rollout().waves(), ReplicationOrder.primaryFirst(fleet, clients, surveyed));
        try (RunJournal journal = openLocked(runsDir.resolve(runId)); AgentClientPool pool = new AgentClientPool(clients)) {
            journal.append(new JournalEntry.RunStarted(clock.instant(), runId, fleetFile.toAbsolutePath().toString(),
                    sha256(fleetFile), fleet.target().version(), fleet.hostNames(),
                    waves.stream().map(w -> w.stream().map(HostEntry::name).toList()).toList(),
                    spec(fleet, runId, fleet.hosts().get(0).name()).path().stream().map(Step::name).toList(),
                    fleet.target().sha256()));
            return reportWhileClosing(journal, pool, execute(fleet, runId, waves, Map.of(), journal, listener, surveyed, pool));
        }
    }

    /**
     * Continues the run journaled in {@code runDir}: finished steps are not run again, a step that
     * was running re-attaches to its operation by id. Refuses a fleet file changed since the start.
     */
    public RunResult resume(FleetFile fleet, Path fleetFile, Path runDir, boolean retryFailed, ProgressListener listener) {
        if (!Files.isRegularFile(runDir.resolve(RunJournal.FILE_NAME))) {
            throw new RunRefusedException(runDir + ": no run journal there (expected " + RunJournal.FILE_NAME + ")");
        }
        // Locked before it is read: a qfleet still driving this run could append after the read.
        try (RunJournal journal = openLocked(runDir); AgentClientPool pool = new AgentClientPool(clients)) {
            List<JournalEntry> entries = journal.entries();
            JournalEntry.RunStarted started = runStarted(runDir, entries);
            if (!started.fleetSha256().equals(sha256(fleetFile))) {
                throw new RunRefusedException(fleetFile + " changed since run " + started.runId()
                        + " started; resume needs the same fleet file (start a new run for the changed one)");
            }
            List<List<HostEntry>> waves = started.waves().stream()
                    .map(w -> w.stream().map(name -> fleet.host(name).orElseThrow()).toList()).toList();
            JournalEntry.RunResumed resumed = new JournalEntry.RunResumed(clock.instant(), retryFailed);
            journal.append(resumed);
            // Paths come from the fleet file (unchanged, checked above): a primary's differs from a replica's.
            Map<String, HostRun> state = RunReplay.replay(append(entries, resumed), started.targetVersion(),
                    host -> spec(fleet, started.runId(), host).path());
            return reportWhileClosing(journal, pool, execute(fleet, started.runId(), waves, state, journal, listener, Surveyed.NONE, pool));
        }
    }

    /**
     * {@code qfleet rollback}: takes {@code hosts}, migrated by the run journaled in {@code runDir},
     * back to their previous version from that run's backups; journaled there, so status, report and
     * resume see it. All or nothing: when any host may not roll back (not migrated by the run, no
     * backup, finalized, archive gone or damaged) nothing is done and every reason is thrown.
     */
    public RunResult rollBack(FleetFile fleet, Path runDir, List<HostEntry> hosts, ProgressListener listener) {
        try (RunJournal journal = openLocked(runDir)) {
            List<JournalEntry> entries = journal.entries();
            JournalEntry.RunStarted started = runStarted(runDir, entries);
            Map<String, HostRun> state = RunReplay.replay(entries, started.targetVersion());
            List<String> finalized = entries.stream().filter(JournalEntry.HostFinalized.class::isInstance)
                    .map(e -> ((JournalEntry.HostFinalized) e).host()).toList();
            Map<String, RunSpec> specs = new java.util.HashMap<>();
            hosts.forEach(host -> specs.put(host.name(), spec(fleet, started.runId(), host.name())));
            try (AgentClientPool pool = new AgentClientPool(clients)) {
                WorkflowEngine created = new WorkflowEngine(specs.get(hosts.get(0).name()), specs, fleet.rollout(), pool, listener,
                        journal, clock);
                List<WorkflowEngine.Refusal> refusals = new java.util.ArrayList<>();
                for (HostEntry host : hosts) {
                    HostRun run = state.get(host.name());
                    String refusal = run == null ? "not part of run " + started.runId()
                            : finalized.contains(host.name()) ? "finalized: its backup and previous binaries were removed (qfleet finalize)"
                            : run.rollbackRefusal();
                    if (refusal != null) {
                        refusals.add(new WorkflowEngine.Refusal(host.name(), refusal, false));
                    }
                }
                String check = "rollback-check-" + RUN_ID.format(clock.instant()).substring(1);
                if (refusals.isEmpty()) { // only then ask the agents: an archive is read in full
                    hosts.stream().map(host -> created.backupRefusal(host, state.get(host.name()), check))
                            .filter(java.util.Objects::nonNull).forEach(refusals::add);
                }
                if (!refusals.isEmpty()) {
                    throw new HostsRefusedException(refusals);
                }
                engine = created;
                return reportWhileClosing(journal, pool, created.rollBack(hosts, state));
            }
        }
    }

    /** What finalize did on one host: the bytes freed, or why it failed. */
    public record Released(String host, boolean ok, long bytesFreed, String detail, boolean unreachable) {}

    /**
     * {@code qfleet finalize}: removes on each host what the run journaled in {@code runDir} kept for its
     * way back ({@link Retention}); {@code named} empty = every host the run migrated. Journaled per host.
     * A named host that may not be finalized refuses the whole command before anything is removed.
     */
    public List<Released> release(FleetFile fleet, Path runDir, List<String> named) {
        try (RunJournal journal = openLocked(runDir)) {
            List<JournalEntry> entries = journal.entries();
            JournalEntry.RunStarted started = runStarted(runDir, entries);
            Map<String, HostRun> state = RunReplay.replay(entries, started.targetVersion());
            List<String> hosts = named.isEmpty() ? started.hosts() : named;
            Map<String, Retention.Decision> decisions = new java.util.LinkedHashMap<>();
            List<WorkflowEngine.Refusal> refusals = new java.util.ArrayList<>();
            for (String host : hosts) {
                Retention.Decision decision = Retention.decide(started.runId(), state.get(host), !named.isEmpty(),
                        started.targetSha256());
                if (decision.request() != null && fleet.host(host).isEmpty()) {
                    decision = new Retention.Decision(null, "not in " + fleet.hostNames() + " of the fleet file: its agent is unknown",
                            null);
                }
                if (decision.refusal() != null || decision.request() == null && !named.isEmpty()) {
                    refusals.add(new WorkflowEngine.Refusal(host, decision.refusal(), false));
                }
                decisions.put(host, decision);
            }
            if (!refusals.isEmpty()) {
                throw new HostsRefusedException(refusals);
            }
            String id = "finalize-" + RUN_ID.format(clock.instant()).substring(1);
            List<Released> released = new java.util.ArrayList<>();
            for (Map.Entry<String, Retention.Decision> decided : decisions.entrySet()) {
                String host = decided.getKey();
                if (decided.getValue().request() == null) {
                    released.add(new Released(host, true, 0, "skipped: " + decided.getValue().skip(), false));
                    continue;
                }
                released.add(release(fleet.host(host).orElseThrow(), RunSpec.operationId(started.runId(), host,
                        state.get(host).attempt(), id), decided.getValue().request(), journal));
            }
            return released;
        }
    }

    private Released release(HostEntry host, String operationId, StepRequest.Finalize request,
            RunJournal journal) {
        try (AgentClient agent = clients.apply(host)) {
            OperationOutcome outcome = agent.run(operationId, request, (m, done, total, unit) -> { },
                    Duration.ofHours(1));
            if (!outcome.succeeded()) {
                return new Released(host.name(), false, 0, outcome.failureMessage(), false);
            }
            journal.append(new JournalEntry.HostFinalized(clock.instant(), host.name(), outcome.bytesFreed()));
            return new Released(host.name(), true, outcome.bytesFreed(), outcome.detail(), false);
        } catch (AgentCallException e) {
            return new Released(host.name(), false, 0, e.getMessage(), e.unreachable());
        }
    }

    /**
     * Text, JSON and HTML reports beside the journal, from its entries as written (what {@code qfleet
     * report} would read back from the file); a report that cannot be written never fails the run.
     */
    private static RunResult report(RunJournal journal, RunResult result) {
        Path runDir = journal.file().getParent();
        try {
            return result.withReport(ReportWriter.write(runDir, RunReport.from(journal.entries())).html());
        } catch (RuntimeException e) {
            System.getLogger(FleetRunner.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write the report in " + runDir + ": " + e.getMessage());
            return result;
        }
    }

    private static JournalEntry.RunStarted runStarted(Path runDir, List<JournalEntry> entries) {
        if (entries.isEmpty() || !(entries.get(0) instanceof JournalEntry.RunStarted started)) {
            throw new RunRefusedException(runDir + ": no run journal there (expected " + RunJournal.FILE_NAME + ")");
        }
        return started;
    }

    /** The run's journal, or a one-line refusal: another qfleet has it, it is not a journal, or it cannot be opened. */
    private static RunJournal openLocked(Path runDir) {
        try {
            return RunJournal.open(runDir);
        } catch (RunJournal.InUseException | RunJournal.NotAJournalException e) {
            throw new RunRefusedException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new RunRefusedException(e.getMessage() + " (nothing was changed on any host; fix the runs dir, then run again)");
        }
    }

    /** Ctrl-C: start nothing new; hosts in their switch steps finish or roll back. */
    public void requestStop() {
        stopRequested = true;
        WorkflowEngine current = engine;
        if (current != null) {
            current.requestStop();
        }
    }

    private RunResult execute(FleetFile fleet, String runId, List<List<HostEntry>> waves, Map<String, HostRun> state,
            RunJournal journal, ProgressListener listener, Surveyed surveyed, AgentClientPool pool) {
        Map<String, RunSpec> specs = new java.util.HashMap<>();
        fleet.hosts().forEach(host -> specs.put(host.name(), spec(fleet, runId, host.name())));
        RunSpec spec = specs.get(fleet.hosts().get(0).name());
        WorkflowEngine created = new WorkflowEngine(spec, specs, fleet.rollout(), pool, listener, journal, clock).surveyed(surveyed);
        engine = created;
        if (stopRequested) {
            created.requestStop();
        }
        return created.run(fleet.hosts(), waves, state);
    }

    /**
     * The report of a run, rollback or resume done with its agents: their connections are told to end
     * first ({@code pool}'s and, through {@link #whenAgentsDone}, a caller's) and close while it
     * renders; the pool waits for them as the caller's try block ends.
     */
    private RunResult reportWhileClosing(RunJournal journal, AgentClientPool pool, RunResult result) {
        pool.shutdown();
        agentsDone.run();
        return report(journal, result);
    }

    /** What one host's steps run with: the fleet's settings, with that host's own sections over them. */
    private RunSpec spec(FleetFile fleet, String runId, String host) {
        Timeouts timeouts = fleet.timeoutsFor(host);
        BackupSettings backup = fleet.backupFor(host);
        return new RunSpec(runId,
                fleet.target().distribution(),
                fleet.target().sha256(),
                fleet.target().version(),
                (int) timeouts.stop().toSeconds(),
                (int) timeouts.healthGate().toSeconds(),
                (int) timeouts.walApply().toSeconds(),
                new RunSpec.Backup(!skipBackup, backup.compression(), backup.level(), backup.workers(),
                        (int) backup.timeout().toSeconds()),
                enterpriseFor(fleet, host),
                ReplicationOrder.forHost(fleet, fleet.host(host).orElseThrow()),
                (int) timeouts.agentGrace().toSeconds());
    }

    /** The fleet's Enterprise sections with this host's TLS paths and address filled in. */
    private static EnterpriseSettings enterpriseFor(FleetFile fleet, String host) {
        EnterpriseSettings enterprise = fleet.enterprise();
        EnterpriseSettings.Tls tls = enterprise.tls();
        return tls == null ? enterprise : enterprise.withTls(tls.forHost(fleet.host(host).orElseThrow()));
    }

    private static List<JournalEntry> append(List<JournalEntry> entries, JournalEntry last) {
        List<JournalEntry> all = new java.util.ArrayList<>(entries);
        all.add(last);
        return all;
    }

    /** Unique per run, readable, sorts by time, and valid inside agent operation ids. */
    private String newRunId() {
        return RUN_ID.format(clock.instant()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
