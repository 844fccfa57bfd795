package io.qfleet.agent.questdb;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code checkpoint_status()}.
 *
 * @param startedAt as QuestDB prints it, "" when none is open
 */
public record CheckpointStatus(boolean inProgress, String startedAt) {
    public CheckpointStatus {
        requireNonNull(startedAt, "startedAt");
    }
}
