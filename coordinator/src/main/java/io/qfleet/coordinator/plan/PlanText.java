package io.qfleet.coordinator.plan;

import java.io.PrintWriter;
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
            String skipped = host.steps().stream().filter(s -> !s.runs() && !s.step().equals("rollback"))
                    .map(s -> s.step() + ": " + s.why()).distinct().collect(Collectors.joining("; "));
            out.println("  steps: " + (runs.isEmpty() ? "none" : runs) + (runs.contains("*") ? "   (* point of no return)" : ""));
            if (!skipped.isEmpty()) {
                out.println("  not run: " + skipped);
            }
            host.steps().stream().filter(s -> s.step().equals("backup") && s.runs()).findFirst()
                    .ifPresent(s -> out.println("  backup: " + s.why()));
            // Which accounts a run creates, with their grants (never a password): the operator reviews them here.
            host.steps().stream().filter(s -> s.step().equals("admins") && s.runs()).findFirst()
                    .ifPresent(s -> out.println("  admins: " + s.why()));
            out.println("  server.conf: " + (host.serverConfChanges().isEmpty() ? "unchanged" : String.join("; ", host.serverConfChanges())));
        }
        out.println();
        out.println(plan.ready() ? "ready: qfleet run -f " + plan.fleetFile() + " --plan <this plan.json>"
                : "not ready: fix the FAILED checks, then plan again");
        out.flush();
    }

    private static String blank(String version) {
        return version.isEmpty() ? "(version unknown)" : version;
    }
}
