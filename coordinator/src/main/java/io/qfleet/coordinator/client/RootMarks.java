package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What an agent's MarkRoot found: the QuestDB root as the agent resolved it, and every marker there
 * (host name -> marker id), this host's own included.
 */
public record RootMarks(String root, Map<String, String> markers) {
    public RootMarks {
        requireNonNull(root, "root");
        markers = Map.copyOf(markers);
    }
}
