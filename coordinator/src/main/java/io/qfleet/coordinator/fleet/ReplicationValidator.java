package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.ReplicationDocument;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the fleet file's {@code replication} section against its hosts: the object store string of
 * every cluster (format, required parts, secrets only from references), one store per cluster, a
 * primary for every cluster with replicas, and {@code clear_fs_store} naming fs:: clusters only.
 * Messages show the store string as written, references unresolved and inline secrets as {@code ***}.
 */
final class ReplicationValidator {
    private final Problems problems;

    ReplicationValidator(Problems problems) {
        this.problems = problems;
    }

    ReplicationSettings replication(ReplicationDocument document, KeyPath path, List<HostEntry> hosts) {
        if (document == null) {
            return null;
        }
        KeyPath storePath = path.key("object_store");
        String store = document.objectStore() == null ? "" : document.objectStore().strip();
        String written = problems.written(storePath) != null ? problems.written(storePath) : store;
        if (store.isEmpty()) {
            throw problems.at(storePath, "no value (expected e.g. fs::root=/mnt/qdb-store/{cluster};atomic_write_dir=/mnt/qdb-store/tmp-{cluster};)");
        }
        Set<String> clusters = clusters(hosts, path);
        Map<String, String> owners = new HashMap<>();
        for (String cluster : clusters) {
            String resolved = store.replace(ReplicationSettings.CLUSTER_PLACEHOLDER, cluster);
            ObjectStoreString parsed;
            try {
                parsed = ObjectStoreString.parse(resolved);
            } catch (IllegalArgumentException e) {
                // The resolved text may hold a secret the message masks; show where it came from, as written.
                throw problems.at(storePath, "for cluster " + cluster + ": " + e.getMessage().replace("'" + ObjectStoreString.masked(resolved) + "'",
                        "'" + ObjectStoreString.masked(written) + "'"));
            }
            requireSecretsReferenced(written, parsed, storePath);
            String other = owners.put(parsed.value(), cluster);
            if (other != null) {
                throw problems.at(storePath, "clusters " + other + " and " + cluster + " would share one object store (two primaries"
                        + " in one store corrupt both; put " + ReplicationSettings.CLUSTER_PLACEHOLDER + " in root=)");
            }
        }
        Set<String> clear = new LinkedHashSet<>();
        List<String> listed = document.clearFsStore() == null ? List.of() : document.clearFsStore();
        for (int i = 0; i < listed.size(); i++) {
            String cluster = listed.get(i) == null ? "" : listed.get(i).strip();
            KeyPath at = path.key("clear_fs_store").index(i);
            if (!clusters.contains(cluster)) {
                throw problems.at(at, "'" + cluster + "' is not a cluster of this fleet file (expected one of: " + String.join(", ", clusters) + ")");
            }
            if (!store.startsWith("fs::")) {
                throw problems.at(at, "only an fs:: store is cleared by qfleet; empty another store with its own tools");
            }
            clear.add(cluster);
        }
        return new ReplicationSettings(store, clear);
    }

    /** Every cluster with a primary; a cluster with replicas and no primary is an error (a replica is seeded from its primary). */
    private Set<String> clusters(List<HostEntry> hosts, KeyPath path) {
        Set<String> primaries = new LinkedHashSet<>();
        hosts.stream().filter(h -> h.role() == Role.PRIMARY).forEach(h -> primaries.add(h.cluster()));
        if (primaries.isEmpty()) {
            throw problems.at(path, "no host has role: primary (replication needs a primary per cluster)");
        }
        for (HostEntry host : hosts) {
            if (host.role() == Role.REPLICA && !primaries.contains(host.cluster())) {
                throw problems.at(path, "cluster '" + host.cluster() + "' of " + host.name() + " has no primary in this fleet file"
                        + " (a replica is seeded from its primary's checkpoint)");
            }
        }
        return primaries;
    }

    /** A secret part written inline would be the secret itself in the fleet file: never echo it, refuse it. */
    private void requireSecretsReferenced(String written, ObjectStoreString parsed, KeyPath path) {
        for (String secret : parsed.secretParts()) {
            int at = written.indexOf(secret + "=");
            int end = at < 0 ? -1 : written.indexOf(';', at);
            String value = at < 0 ? "" : written.substring(at + secret.length() + 1, end < 0 ? written.length() : end).strip();
            // Not in the text as written: it came out of a reference (the whole string, or several parts from one).
            if (at >= 0 && !ObjectStoreString.isReference(value)) {
                throw problems.at(path, secret + "= is a secret and is never written in the fleet file (use " + secret
                        + "=${env:NAME} or ${file:path}, or the whole object_store from one)");
            }
        }
    }
}
