package io.qfleet.agent.process;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code systemctl show} says about the QuestDB unit.
 *
 * @param mainPid 0 when no main process runs (stopped, or waiting to restart)
 * @param execMainPid the last main process started, 0 if none ever was
 * @param execMainStatus that process's exit status once it ended
 */
record UnitState(String loadState, String activeState, String subState, long mainPid, long execMainPid, int execMainStatus) {
    static final List<String> PROPERTIES = List.of("LoadState", "ActiveState", "SubState", "MainPID", "ExecMainPID", "ExecMainStatus");

    static UnitState of(Map<String, String> show) {
        return new UnitState(show.getOrDefault("LoadState", ""), show.getOrDefault("ActiveState", ""),
                show.getOrDefault("SubState", ""), number(show.get("MainPID")), number(show.get("ExecMainPID")),
                (int) number(show.get("ExecMainStatus")));
    }

    boolean loaded() {
        return loadState.equals("loaded");
    }

    /**
     * Nothing runs and nothing starts by itself: "inactive" or "failed". "activating" covers a unit
     * waiting out RestartSec after its process died, which Restart=always brings back.
     */
    boolean settled() {
        return activeState.equals("inactive") || activeState.equals("failed");
    }

    Optional<Long> runningPid() {
        return mainPid > 0 ? Optional.of(mainPid) : Optional.empty();
    }

    String describe() {
        return "ActiveState=" + activeState + " SubState=" + subState + " MainPID=" + mainPid;
    }

    private static long number(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
