package io.qfleet.coordinator.plan;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.MarkedFacts;
import io.qfleet.coordinator.client.RootMarks;
import io.qfleet.coordinator.client.ServerConfPreview;
import io.qfleet.coordinator.fleet.DistributionConfKeys;
import io.qfleet.coordinator.fleet.DistributionName;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Preflight;
import io.qfleet.coordinator.workflow.ReplicationOrder;
import io.qfleet.coordinator.workflow.SharedRoots;
import io.qfleet.coordinator.workflow.Step;
import io.qfleet.coordinator.workflow.Surveyed;
import io.qfleet.coordinator.workflow.WavePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads every host's facts in parallel and turns them into a {@link Plan}. Changes nothing on the
 * hosts but the shared-storage marker each agent writes into its root ({@link SharedRoots}).
 */
public final class Planner {
    private final Function<HostEntry, AgentClient> clients;
    private final boolean skipBackup;

    public Planner(Function<HostEntry, AgentClient> clients, boolean skipBackup) {
        this.clients = requireNonNull(clients, "clients");
        this.skipBackup = skipBackup;
    }

    /** A plan, and what it read of each host, for a run that starts at once ({@code run --plan}). */
    public record Survey(Plan plan, Surveyed surveyed) {}

    public Plan plan(FleetFile fleet, Path fleetFile) {
        return survey(fleet, fleetFile, true).plan();
    }

    /**
     * What {@code run --plan} compares with the saved plan, and what its run then takes. Asks no agent
     * for its server.conf preview when the agent's facts carry the file's hash: the fleet file (hashed
     * apart), the facts (in the fingerprint) and the file fix the preview, so an unchanged hash means
     * the plan's diff still holds. Fingerprints come out as the plan's for unchanged hosts (a plan whose
     * preview failed is refused by {@link PlanCheck}); diffs are left empty.
     */
    public Survey check(FleetFile fleet, Path fleetFile) {
        return survey(fleet, fleetFile, false);
    }

    private Survey survey(FleetFile fleet, Path fleetFile, boolean previews) {
        // The target's key list takes a read of the whole tarball (~0.4 s for 9.2.2's): beside the dialling, not before it.
        CompletableFuture<Optional<Set<String>>> confKeys = CompletableFuture.supplyAsync(() -> DistributionConfKeys.of(
                fleet.target().distribution()), r -> {
                    Thread thread = new Thread(r, "qfleet-target-keys");
                    thread.setDaemon(true);
                    thread.start();
                });
        Preflight.Goal visitGoal = new Preflight.Goal(fleet.target().version(), DistributionName.of(fleet.target().distribution()),
                size(fleet.target().distribution()), skipBackup ? null : fleet.backup().compression());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(fleet.rollout().stageParallelism(), fleet.hosts().size()), r -> {
            Thread thread = new Thread(r, "qfleet-plan");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, String> issued = new HashMap<>();
        fleet.hosts().forEach(h -> issued.put(h.name(), SharedRoots.newMarkerId()));
        Map<String, HostEntry> primaries = primaries(fleet);
        List<Visit> visits = new ArrayList<>();
        try {
            List<Future<Visit>> futures = new ArrayList<>();
            for (HostEntry host : fleet.hosts()) {
                EnterprisePlan enterprise = enterprise(fleet, host, primaries);
                futures.add(pool.submit(() -> visit(host, issued.get(host.name()), previews,
                        facts -> previewRequest(enterprise, facts, visitGoal))));
            }
            for (Future<Visit> future : futures) {
                visits.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("planning failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Preflight.Goal goal = visitGoal.withConfKeys(confKeys.join().orElse(null));
        // Only once every host has marked its root can one host's marker be looked for in another's.
        Map<String, RootMarks> marks = new HashMap<>();
        visits.stream().filter(v -> v.marks() != null).forEach(v -> marks.put(v.host().name(), v.marks()));
        Map<String, String> shared = SharedRoots.refusals(issued, marks);
        List<Plan.HostPlan> hosts = visits.stream()
                .map(v -> host(v, goal, shared.getOrDefault(v.host().name(), v.markFailure()), fleet, primaries)).toList();
        List<List<String>> waves = WavePlan.plan(fleet.hosts(), fleet.rollout().waves(), primaryFirst(fleet, visits)).stream()
                .map(w -> w.stream().map(HostEntry::name).toList()).toList();
        String fleetSha = FleetRunner.sha256(fleetFile);
        Plan plan = new Plan(hash(fleetSha + (skipBackup ? "|skip-backup" : ""), hosts), fleetFile.toAbsolutePath().toString(),
                fleetSha, fleet.target().version(), Boolean.valueOf(skipBackup), waves, hosts,
                notes(fleet.enterprise().any() || goal.name().edition().equals(DistributionName.ENTERPRISE),
                        visits.stream().map(Visit::facts).filter(java.util.Objects::nonNull).toList()));
        Map<String, AgentFacts> facts = new HashMap<>();
        Map<String, String> sharedRoots = new HashMap<>();
        for (Visit visit : visits) {
            if (visit.facts() != null) {
                facts.put(visit.host().name(), visit.facts());
                String refusal = shared.getOrDefault(visit.host().name(), visit.markFailure());
                sharedRoots.put(visit.host().name(), refusal == null ? "" : refusal);
            }
        }
        return new Survey(plan, new Surveyed(facts, sharedRoots));
    }

    /**
     * What the fleet's clients meet after the run, said once for the fleet rather than per host: moving Open Source
     * hosts to Enterprise turns access control on (QUESTDB.md section 8, 10). {@code toEnterprise}: the fleet file
     * has Enterprise sections or an Enterprise distribution; {@code reached}: the facts of the hosts that answered.
     */
    static List<String> notes(boolean toEnterprise, List<AgentFacts> reached) {
        long openSource = reached.stream().filter(f -> f.edition().equals(DistributionName.OPEN_SOURCE)).count();
        if (!toEnterprise || openSource == 0) {
            return List.of();
        }
        return List.of(openSource + " host(s) move from Open Source to Enterprise, where access control is on from a host's first "
                + "Enterprise start: clients log in as accounts that hold endpoint grants (HTTP, PGWIRE, ILP), InfluxDB line protocol "
                + "over TCP needs a JWK token (line.tcp.acl.enabled), and Open Source pg.user credentials will probably stop working; "
                + "the fleet file's admin and service accounts exist once the host's admins step ran, so switch its clients to them "
                + "as its wave finishes (until its switch, the old credentials work)");
    }

    /** Clusters whose primary does not replicate yet go primary first, as the run orders them. */
    private static Set<String> primaryFirst(FleetFile fleet, List<Visit> visits) {
        Map<String, String> roles = new HashMap<>();
        visits.stream().filter(v -> v.facts() != null).forEach(v -> roles.put(v.host().name(), v.facts().replicationRole()));
        return ReplicationOrder.primaryFirstBy(fleet, h -> roles.getOrDefault(h.name(), ""));
    }

    /**
     * What one agent said: its root's markers (or why it could not mark), its facts and its server.conf
     * preview (or why it could not make one), or why it was unreachable.
     */
    private record Visit(HostEntry host, RootMarks marks, String markFailure, AgentFacts facts, ServerConfPreview conf,
            String confFailure, String unreachable) {}

    /**
     * What the run will write: everything, or on a host already on the target only what its missing
     * steps write, each in its own step as a host without a swap gets them.
     */
    private static ServerConfPreview.Request previewRequest(EnterprisePlan enterprise, AgentFacts facts, Preflight.Goal goal) {
        List<Step> finishing = Preflight.finishing(facts, goal, enterprise.path(), enterprise.replicationRole());
        return finishing == null ? enterprise.previewRequest() : enterprise.previewRequest(Set.copyOf(finishing));
    }

    private Visit visit(HostEntry host, String markerId, boolean preview, Function<AgentFacts, ServerConfPreview.Request> confRequest) {
        try (AgentClient agent = clients.apply(host)) {
            MarkedFacts read = agent.markedFacts(host.name(), markerId);
            RootMarks marks = read.marks();
            String markFailure = read.markFailure() == null ? null
                    : "cannot write the shared-storage marker: " + read.markFailure().getMessage();
            AgentFacts facts = read.facts();
            if (!preview && facts.serverConf() != null) {
                return new Visit(host, marks, markFailure, facts, null, null, null);
            }
            ServerConfPreview conf = null;
            String confFailure = null;
            try {
                conf = agent.previewServerConf(confRequest.apply(facts));
            } catch (AgentCallException e) {
                if (e.unreachable()) {
                    throw e;
                }
                confFailure = e.getMessage();
            }
            return new Visit(host, marks, markFailure, facts, conf, confFailure, null);
        } catch (AgentCallException e) {
            return new Visit(host, null, null, null, null, null, e.getMessage());
        }
    }

    /** Each cluster's primary (the first the fleet file lists), looked up per host: a scan per host would be quadratic. */
    private static Map<String, HostEntry> primaries(FleetFile fleet) {
        Map<String, HostEntry> primaries = new HashMap<>();
        fleet.hosts().stream().filter(h -> h.role() == Role.PRIMARY).forEach(h -> primaries.putIfAbsent(h.cluster(), h));
        return primaries;
    }

    private static EnterprisePlan enterprise(FleetFile fleet, HostEntry host, Map<String, HostEntry> primaries) {
        return new EnterprisePlan(fleet.enterprise(), host, primaries.get(host.cluster()));
    }

    private Plan.HostPlan host(Visit visit, Preflight.Goal fleetGoal, String sharedRoot, FleetFile fleet,
            Map<String, HostEntry> primaries) {
        // A host's own backup section may choose another compression, hence another room for its backup.
        Preflight.Goal goal = fleetGoal.withBackupCompression(fleet.backupFor(visit.host().name()).compression());
        HostEntry host = visit.host();
        EnterprisePlan enterprise = enterprise(fleet, host, primaries);
        if (visit.facts() == null) {
            List<Plan.Check> checks = List.of(new Plan.Check("agent reachable", false, visit.unreachable()));
            return new Plan.HostPlan(host.name(), host.agentAddress(), host.role().label(), host.cluster(), false,
                    "unreachable", "", "", false, checks, steps(enterprise, false, false, "agent unreachable", "", List.of()),
                    false, "", "", List.of());
        }
        AgentFacts facts = visit.facts();
        List<Plan.Check> checks = new ArrayList<>(Preflight.checks(facts, goal, sharedRoot).stream()
                .map(c -> new Plan.Check(c.name(), c.ok(), c.detail())).toList());
        if (fleet.enterprise().replication() != null && host.role() == Role.PRIMARY && !facts.nonWalTables().isEmpty()) {
            // A warning, not a refusal: those tables stay on the primary, only replicas lack them.
            checks.add(new Plan.Check("non-WAL tables (warning)", true, "cluster " + host.cluster() + ": " + String.join(", ",
                    facts.nonWalTables()) + " will not replicate; to replicate them, before the run: " + facts.nonWalTables().stream()
                    .map(t -> "ALTER TABLE \"" + t + "\" SET TYPE WAL;").collect(java.util.stream.Collectors.joining(" "))
                    + " then restart"));
        }
        ServerConfPreview conf = visit.conf();
        if (conf == null && visit.confFailure() != null) {
            checks.add(new Plan.Check("server.conf previewed", false, visit.confFailure()));
        } else if (conf != null) {
            conf.notes().forEach(note -> checks.add(new Plan.Check("server.conf (warning)", true, note)));
        }
        String failure = checks.stream().filter(c -> !c.ok()).map(Plan.Check::detail).findFirst().orElse(null);
        boolean onTarget = Preflight.alreadyOnTarget(facts, goal);
        // As the run's preflight decides: a host on the target lacking Enterprise settings gets those steps only.
        List<Step> finishing = failure == null && onTarget ? Preflight.finishing(facts, goal, enterprise.path(),
                enterprise.replicationRole()) : List.of();
        String why = failure != null ? "preflight will fail: " + failure : onTarget ? "already on " + goal.version() : "";
        // A host already on the target is left alone, but for the steps it still lacks.
        boolean writes = conf != null && (!onTarget || !finishing.isEmpty());
        return new Plan.HostPlan(host.name(), host.agentAddress(), host.role().label(), host.cluster(), true,
                fingerprint(facts, conf, visit.confFailure() != null), facts.questdbVersion(), facts.edition(), facts.questdbRunning(), checks,
                steps(enterprise, true, failure == null && !onTarget, why, backupEstimate(facts.rootSizeBytes()), finishing),
                conf != null && conf.exists(), conf == null ? "" : conf.sha256(), writes ? conf.diff() : "",
                // A finishing host's preview asked for its missing steps only, each writing its own keys.
                writes ? conf.writers() : List.of());
    }

    /** {@code finishing}: the only steps of a host already on the target ({@link HostWorkflow#finishing}), or empty. */
    private List<Plan.PlannedStep> steps(EnterprisePlan enterprise, boolean reachable, boolean migrates, String why,
            String backupEstimate, List<Step> finishing) {
        if (!finishing.isEmpty()) {
            return finishingSteps(enterprise, finishing, why);
        }
        List<Plan.PlannedStep> steps = new ArrayList<>();
        for (Step step : enterprise.path()) {
            boolean runs = step == Step.PREFLIGHT ? reachable : migrates;
            String reason = runs ? (step.pointOfNoReturn() ? "point of no return: the new binaries start on the data"
                    : enterprise.reason(step)) : why;
            if (step == Step.BACKUP && runs && skipBackup) {
                runs = false;
                reason = "--skip-backup: after the point of no return nothing can undo this host (no rollback from a backup)";
            } else if (step == Step.BACKUP && runs) {
                reason = backupEstimate;
            }
            steps.add(new Plan.PlannedStep(step.label(), runs, reason));
        }
        steps.add(new Plan.PlannedStep(Step.ROLLBACK.label(), false, !migrates ? why
                : skipBackup ? "only if stop, swap, start or health gate fails" : "only if stop or swap fails"));
        steps.add(new Plan.PlannedStep(Step.ROLLBACK_FROM_BACKUP.label(), false, !migrates ? why
                : skipBackup ? "never: --skip-backup leaves no backup to roll back from" : "only if start, health gate or verify fails"));
        return steps;
    }

    /** A host already on the target that lacks some Enterprise settings: those steps run, nothing else. */
    private static List<Plan.PlannedStep> finishingSteps(EnterprisePlan enterprise, List<Step> finishing, String onTarget) {
        List<Plan.PlannedStep> steps = new ArrayList<>();
        for (Step step : enterprise.path()) {
            boolean runs = finishing.contains(step);
            steps.add(new Plan.PlannedStep(step.label(), runs, !runs ? onTarget + (HostWorkflow.ENTERPRISE.contains(step)
                    ? ": server.conf already has its settings" : ": binaries in place") : enterprise.finishingReason(step)));
        }
        String noRollback = onTarget + ": nothing is swapped; a failed step is retried by qfleet resume --retry-failed";
        steps.add(new Plan.PlannedStep(Step.ROLLBACK.label(), false, noRollback));
        steps.add(new Plan.PlannedStep(Step.ROLLBACK_FROM_BACKUP.label(), false, noRollback));
        return steps;
    }

    /**
     * Size and time of the backup from the root's size: zstd level 1 at about 150 MB/s on two cores
     * (BackupBenchmark), archives 0.03-0.3 of the root (QuestDB's column files compress well).
     */
    static String backupEstimate(long rootBytes) {
        double mib = rootBytes / 1048576.0;
        return String.format(java.util.Locale.ROOT, "reads %.0f MiB of root, about %.0f s at 150 MB/s; archive up to %.0f MiB",
                mib, Math.ceil(rootBytes / 150e6), Math.ceil(mib * 0.3));
    }

    /**
     * The facts a run depends on; free disk and pids move on their own and are left out. The server.conf
     * hash stands for the diff: with the fleet file (hashed apart) it fixes what the run writes.
     */
    private static String fingerprint(AgentFacts facts, ServerConfPreview conf, boolean previewFailed) {
        return String.join("|", facts.questdbRunning() ? "running" : "stopped", facts.questdbVersion(), facts.edition(),
                facts.installedLayout(), facts.installedVersion(), facts.walTablesHealthy() ? "wal-ok" : "wal-not-ok",
                String.join(",", facts.problems()), String.join(",", facts.enterpriseState()),
                PlanCheck.AGENT + facts.agentVersion(), confMark(conf, previewFailed ? null : facts.serverConf()));
    }

    /**
     * {@code server.conf=<sha256>}, {@code server.conf=none} (no file), or {@code server.conf=unknown}: from
     * the preview, the file its diff was made from; from the facts when a run's check did not ask for
     * one. A failed preview is {@code unknown}: that plan showed no diff, so no check may pass it.
     */
    private static String confMark(ServerConfPreview conf, AgentFacts.ConfFile file) {
        String mark = conf != null ? (conf.exists() ? conf.sha256() : "none")
                : file != null ? (file.exists() ? file.sha256() : "none") : "unknown";
        return PlanCheck.SERVER_CONF + mark;
    }

    private static String hash(String fleetSha, List<Plan.HostPlan> hosts) {
        StringBuilder text = new StringBuilder(fleetSha);
        hosts.forEach(h -> text.append('\n').append(h.name()).append('=').append(h.fingerprint()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
