package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentFacts;
import java.util.Map;

/**
 * What {@code run --plan}'s check read of each host moments before the run starts, in the same
 * command: its facts and the shared-storage guard's verdict (a refusal, or absent when its root is its
 * own). The run's preflight takes them instead of asking every agent again; a host missing here (its
 * agent did not answer the check) is asked as usual.
 *
 * @param facts by host name
 * @param sharedRoots by host name, for every host whose root was marked: the refusal, or "" for none
 */
public record Surveyed(Map<String, AgentFacts> facts, Map<String, String> sharedRoots) {
    public static final Surveyed NONE = new Surveyed(Map.of(), Map.of());

    public Surveyed {
        facts = Map.copyOf(facts);
        sharedRoots = Map.copyOf(sharedRoots);
    }
}
