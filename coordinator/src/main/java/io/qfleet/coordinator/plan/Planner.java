package io.qfleet.coordinator.plan;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.workflow.FleetRunner;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Preflight;
import io.qfleet.coordinator.workflow.Step;
import io.qfleet.coordinator.workflow.WavePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Reads every host's facts in parallel and turns them into a {@link Plan}. Changes nothing. */
public final class Planner {
    private final Function<HostEntry, AgentClient> clients;
    private final boolean skipBackup;

    public Planner(Function<HostEntry, AgentClient> clients, boolean skipBackup) {
        this.clients = requireNonNull(clients, "clients");
        this.skipBackup = skipBackup;
    }

    public Plan plan(FleetFile fleet, Path fleetFile) {
        long distributionBytes = size(fleet.target().distribution());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(fleet.rollout().stageParallelism(), fleet.hosts().size()), r -> {
            Thread thread = new Thread(r, "qfleet-plan");
            thread.setDaemon(true);
            return thread;
        });
        List<Plan.HostPlan> hosts = new ArrayList<>();
        try {
            List<Future<Plan.HostPlan>> futures = new ArrayList<>();
            for (HostEntry host : fleet.hosts()) {
                futures.add(pool.submit(() -> host(host, fleet, distributionBytes)));
            }
            for (Future<Plan.HostPlan> future : futures) {
                hosts.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while planning", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("planning failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<List<String>> waves = WavePlan.plan(fleet.hosts(), fleet.rollout().waves()).stream()
                .map(w -> w.stream().map(HostEntry::name).toList()).toList();
        String fleetSha = FleetRunner.sha256(fleetFile);
        return new Plan(hash(fleetSha + (skipBackup ? "|skip-backup" : ""), hosts), fleetFile.toAbsolutePath().toString(), fleetSha, fleet.target().version(),
                waves, hosts);
    }

    private Plan.HostPlan host(HostEntry host, FleetFile fleet, long distributionBytes) {
        String targetVersion = fleet.target().version();
        EnterprisePlan enterprise = new EnterprisePlan(fleet.enterprise(), host);
        AgentFacts facts;
        try (AgentClient agent = clients.apply(host)) {
            facts = agent.facts();
        } catch (AgentCallException e) {
            List<Plan.Check> checks = List.of(new Plan.Check("agent reachable", false, e.getMessage()));
            return new Plan.HostPlan(host.name(), host.agentAddress(), host.role().label(), host.cluster(), false,
                    "unreachable", "", "", false, checks, steps(enterprise, false, false, "agent unreachable", ""),
                    enterprise.serverConfChanges());
        }
        List<Plan.Check> checks = Preflight.checks(facts, targetVersion, distributionBytes).stream()
                .map(c -> new Plan.Check(c.name(), c.ok(), c.detail())).toList();
        String failure = checks.stream().filter(c -> !c.ok()).map(Plan.Check::detail).findFirst().orElse(null);
        boolean onTarget = Preflight.alreadyOnTarget(facts, targetVersion);
        String why = failure != null ? "preflight will fail: " + failure : onTarget ? "already on " + targetVersion : "";
        return new Plan.HostPlan(host.name(), host.agentAddress(), host.role().label(), host.cluster(), true,
                fingerprint(facts), facts.questdbVersion(), facts.edition(), facts.questdbRunning(), checks,
                steps(enterprise, true, failure == null && !onTarget, why, backupEstimate(facts.rootSizeBytes())),
                enterprise.serverConfChanges()); // none for an Open Source upgrade
    }

    private List<Plan.PlannedStep> steps(EnterprisePlan enterprise, boolean reachable, boolean migrates, String why,
            String backupEstimate) {
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
        steps.add(new Plan.PlannedStep(Step.ROLLBACK.label(), false,
                migrates ? "only if stop, swap, start or health gate fails" : why));
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

    /** The facts a run depends on; free disk and pids move on their own and are left out. */
    private static String fingerprint(AgentFacts facts) {
        return String.join("|", facts.questdbRunning() ? "running" : "stopped", facts.questdbVersion(), facts.edition(),
                facts.installedLayout(), facts.installedVersion(), facts.walTablesHealthy() ? "wal-ok" : "wal-not-ok",
                String.join(",", facts.problems()));
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
