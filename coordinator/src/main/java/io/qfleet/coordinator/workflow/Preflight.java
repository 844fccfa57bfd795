package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The preflight checks on one host's facts: pure, shared by {@code qfleet plan} (which shows
 * every check) and the preflight step of a run (which fails on the first that does not pass).
 */
public final class Preflight {
    private Preflight() {}

    /** One check: what was checked, whether it passed, and the detail an operator needs. */
    public record Check(String name, boolean ok, String detail) {}

    public static List<Check> checks(AgentFacts facts, String targetVersion, long distributionBytes) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("agent facts complete", facts.problems().isEmpty(),
                facts.problems().isEmpty() ? "" : String.join("; ", facts.problems())));
        checks.add(new Check("QuestDB running", facts.questdbRunning(), facts.questdbRunning()
                ? "pid " + facts.questdbPid() : "QuestDB is not running; qfleet upgrades a running server (start it, then run again)"));
        String version = facts.questdbVersion();
        checks.add(new Check("version readable", !version.isEmpty(),
                version.isEmpty() ? "cannot read the running QuestDB version (SELECT build())" : version + " (" + facts.edition() + ")"));
        if (alreadyOnTarget(facts, targetVersion)) {
            return checks;
        }
        checks.add(new Check("WAL tables applied, none suspended", facts.walTablesHealthy(), facts.walTablesHealthy() ? ""
                : "WAL tables not healthy (suspended: " + String.join(", ", facts.suspendedTables())
                        + "); resume them with ALTER TABLE ... RESUME WAL first"));
        long needed = 3 * distributionBytes;
        checks.add(new Check("free disk for staging", facts.diskFreeBytes() >= needed,
                (facts.diskFreeBytes() >= needed ? "" : "not enough free disk for staging: ") + facts.diskFreeBytes()
                        + " bytes free, " + needed + " needed (3x the distribution)"));
        return checks;
    }

    public static boolean alreadyOnTarget(AgentFacts facts, String targetVersion) {
        return facts.questdbRunning() && facts.questdbVersion().equals(targetVersion);
    }

    /** The first failed check as one line, or null when every check passed. */
    public static String firstFailure(List<Check> checks) {
        return checks.stream().filter(c -> !c.ok())
                .map(c -> c.detail().isEmpty() ? c.name() + " failed" : c.detail())
                .findFirst().orElse(null);
    }
}
