package io.qfleet.coordinator.fleet;

import java.util.Locale;

/** A host's part in replication: replicas of a cluster are upgraded before its primary. */
public enum Role {
    STANDALONE,
    PRIMARY,
    REPLICA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
