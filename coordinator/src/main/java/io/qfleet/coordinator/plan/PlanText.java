package io.qfleet.coordinator.plan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plan for people: per host its facts, failed checks first, and the steps that will run. */
public final class PlanText {
    private PlanText() {}

    public static void print(Plan plan, PrintWriter out) {
        out.println("plan " + plan.planHash().substring(0, 12) + " for " + plan.fleetFile() + ": target "
                + plan.targetVersion() + ", " + plan.hosts().size() + " hosts");
        out.println("waves: " + plan.waves().stream().map(w -> "[" + String.join(" ", w) + "]").collect(Collectors.joining(" ")));
        for (Plan.HostPlan host : plan.hosts()) {
            out.println();
            out.println(host.name() + " (" + host.agent() + ", " + host.role()
                    + (host.cluster().isEmpty() ? "" : " of " + host.cluster()) + "): "
                    + (host.reachable() ? "QuestDB " + blank(host.questdbVersion()) + " " + host.edition()
                            + (host.questdbRunning() ? ", running" : ", not running") : "agent unreachable"));
            for (Plan.Check check : host.checks()) {
                out.println("  " + (check.ok() ? "ok     " : "FAILED ") + check.name()
                        + (check.detail().isEmpty() ? "" : ": " + check.detail()));
            }
            String runs = host.steps().stream().filter(Plan.PlannedStep::runs)
                    .map(s -> s.step() + (s.why().startsWith("point of no return") ? "*" : ""))
                    .collect(Collectors.joining(", "));
            String skipped = notRun(host.steps());
            out.println("  steps: " + (runs.isEmpty() ? "none" : runs) + (runs.contains("*") ? "   (* point of no return)" : ""));
            if (!skipped.isEmpty()) {
                out.println("  not run: " + skipped);
            }
            host.steps().stream().filter(s -> s.step().equals("backup") && s.runs()).findFirst()
                    .ifPresent(s -> out.println("  backup: " + s.why()));
            // Which accounts a run creates, with their grants (never a password): the operator reviews them here.
            host.steps().stream().filter(s -> s.step().equals("admins") && s.runs()).findFirst()
                    .ifPresent(s -> out.println("  admins: " + s.why()));
            printServerConf(host, out);
        }
        plan.notes().forEach(note -> {
            out.println();
            out.println("note: " + note);
        });
        out.println();
        out.println(plan.ready() ? "ready: qfleet run -f " + plan.fleetFile() + " --plan <this plan.json>"
                : "not ready: fix the FAILED checks, then plan again");
        out.flush();
    }

    /**
     * The steps that will not run, those with one reason named together ("upload, stage, ...: already on 9.2.2"), in
     * the workflow's order: a host whose preflight will fail says why once, not once per step.
     */
    static String notRun(List<Plan.PlannedStep> steps) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        steps.stream().filter(s -> !s.runs() && !s.step().equals("rollback"))
                .forEach(s -> byReason.computeIfAbsent(s.why(), why -> new ArrayList<>()).add(s.step()));
        return byReason.entrySet().stream().map(e -> String.join(", ", e.getValue()) + ": " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    /**
     * The agent's diff of the host's server.conf, indented under the host, with which step writes which
     * keys; or why there is none.
     */
    static void printServerConf(Plan.HostPlan host, PrintWriter out) {
        String none = host.serverConfExists() ? "" : "none on the host yet (QuestDB writes its template on first start); ";
        if (!host.reachable()) {
            out.println("  server.conf: unknown (agent unreachable)");
        } else if (host.fingerprint().endsWith(PlanCheck.SERVER_CONF + "unknown")) {
            out.println("  server.conf: unknown (no preview, see the FAILED check)");
        } else if (host.serverConfDiff().isEmpty()) {
            out.println("  server.conf: " + none + "unchanged");
        } else {
            out.println("  server.conf: " + (none.isEmpty() ? "" : none + "qfleet creates it; ") + "written by "
                    + String.join("; ", host.serverConfWriters()));
            host.serverConfDiff().lines().forEach(line -> out.println("    " + line));
        }
    }

    private static String blank(String version) {
        return version.isEmpty() ? "(version unknown)" : version;
    }
}
