package io.qfleet.agent.process;

/**
 * Outcome of {@link DirectQuestDbProcess#stop}.
 *
 * @param wasRunning false when there was nothing to stop
 * @param exitCode   known only for the child this agent started; null for a process found by root
 * @param stopMillis from SIGTERM to exit
 */
public record StopResult(boolean wasRunning, Integer exitCode, long stopMillis) {
    /** QuestDB's JVM exits 143 (128 + SIGTERM) after a graceful shutdown. */
    public static final int SIGTERM_EXIT = 143;

    /** A graceful stop as far as we can tell: 143 (or 0), or an exit code we cannot know. */
    public boolean clean() {
        return exitCode == null || exitCode == SIGTERM_EXIT || exitCode == 0;
    }
}
