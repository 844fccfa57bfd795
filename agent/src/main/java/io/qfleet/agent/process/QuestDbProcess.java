package io.qfleet.agent.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the agent controls the QuestDB server on its root: {@code direct} (the agent's own child,
 * {@link DirectQuestDbProcess}) or {@code systemd} (a unit, {@link SystemdQuestDbProcess}). Steps
 * see only this; neither implementation ever kills QuestDB with SIGKILL.
 */
public interface QuestDbProcess {
    /** The pid of the server serving the root now, whoever started it. */
    Optional<Long> runningPid();

    /**
     * Refuses with FAILED_PRECONDITION {@code questdb_running} unless nothing runs on the root and
     * nothing will start by itself (a unit waiting to restart counts as running).
     *
     * @param before what the caller is about to do, for the message ("swapping binaries")
     */
    void requireStopped(String before);

    /**
     * Starts QuestDB and returns its pid without waiting for readiness. {@code direct} launches the
     * given jar or runtime with {@code main}; {@code systemd} starts the unit, whose ExecStart (and
     * drop-ins) decide the command.
     */
    long start(Path jar, Path runtimeJava, String main);

    /** Stops QuestDB gracefully within {@code timeout}; on timeout it fails and leaves QuestDB alone. */
    StopResult stop(Duration timeout);

    /** The exit code of the last server that ended on its own (a failed start); empty while one runs or if unknown. */
    Optional<Integer> exitCodeIfExited();

    /** Where QuestDB's output goes, for failure messages: a log file or the journal. */
    String outputLocation();

    /**
     * Readies the next start to launch {@code main} (module/class), before a swap puts binaries of
     * that edition in place. {@code direct} has nothing to do: every start is given the main.
     *
     * @return what changed on the host, for the operation's events; empty when nothing had to
     */
    default Optional<String> prepareLaunch(String main) {
        return Optional.empty();
    }

    /** Undoes {@link #prepareLaunch} when a swap is reverted; empty when there was nothing to undo. */
    default Optional<String> revertLaunch() {
        return Optional.empty();
    }
}
