package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * The fleet file's {@code replication} section: the object store each cluster's nodes replicate
 * through ({@code {cluster}} in the string is the cluster's name), and the clusters whose non-empty
 * {@code fs::} store, not claimed by qfleet for them, the operator agreed to have emptied.
 */
public record ReplicationSettings(String objectStore, Set<String> clearFsStore) {
    static final String CLUSTER_PLACEHOLDER = "{cluster}";

    public ReplicationSettings {
        requireNonNull(objectStore, "objectStore");
        clearFsStore = Set.copyOf(clearFsStore);
    }

    /** The store string of {@code cluster}: secret, never for messages ({@link ObjectStoreString#masked}). */
    public String storeFor(String cluster) {
        return objectStore.replace(CLUSTER_PLACEHOLDER, cluster);
    }

    public boolean clearFsStore(String cluster) {
        return clearFsStore.contains(cluster);
    }

    /**
     * The node's {@code cairo.snapshot.instance.id}: unique per node (QuestDB requires it), derived
     * from the cluster and host names so it is the same in the plan, on every resume and in a later
     * run, and never collides within a fleet file.
     */
    public static String instanceId(HostEntry host) {
        return UUID.nameUUIDFromBytes(("qfleet/" + host.cluster() + "/" + host.name()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return "ReplicationSettings[" + ObjectStoreString.masked(objectStore) + ", clear_fs_store=" + clearFsStore + "]";
    }
}
