package io.qfleet.coordinator.client;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.fleet.ObjectStoreString;
import java.util.List;

/**
 * What an agent says a run's server.conf edits make of its host's file (PreviewServerConf): the
 * unified diff against the file as it is now, secrets as {@code ***}.
 *
 * @param exists  false when the host has no server.conf yet (QuestDB writes its template on first start)
 * @param sha256  of the file as read; "" when there is none
 * @param diff    unified diff, "" when the run leaves the file as it is
 * @param writers per step in run order, {@code "swap: tls.enabled, http.min.tls.enabled"}
 * @param notes   what an operator should know (an edited key defined twice, a replication step that will refuse)
 */
public record ServerConfPreview(boolean exists, String sha256, String diff, List<String> writers, List<String> notes) {
    public ServerConfPreview {
        requireNonNull(sha256, "sha256");
        requireNonNull(diff, "diff");
        writers = List.copyOf(writers);
        notes = List.copyOf(notes);
    }

    /** What the run does that writes server.conf; {@code tls}, {@code replication} null when it has no such step. */
    public record Request(boolean stepByStep, Tls tls, boolean admins, Replication replication) {
        /** An Open Source upgrade: no key written. */
        public static final Request NONE = new Request(false, null, false, null);
    }

    public record Tls(boolean demo, boolean perEndpoint) {}

    /** {@code objectStore} may hold the store's keys: {@link #toString()} shows it masked. */
    public record Replication(boolean primary, String objectStore, String instanceId) {
        @Override
        public String toString() {
            return "Replication[" + (primary ? "primary" : "replica") + ", " + ObjectStoreString.masked(objectStore) + ", " + instanceId + "]";
        }
    }
}
