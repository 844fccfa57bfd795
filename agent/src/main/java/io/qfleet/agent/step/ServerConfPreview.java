package io.qfleet.agent.step;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.replication.ObjectStore;
import io.qfleet.agent.serverconf.ConfSecrets;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfDiff;
import io.qfleet.agent.serverconf.ServerConfEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's server.conf edits make of this host's file, for the plan: the keys of the swap, tls,
 * admins and replication steps, built by those steps' own code ({@link TlsConfKeys},
 * {@link BuiltinAdmin}, {@link ReplicationStep#keysFor}), applied in the run's order to the file as it
 * is now with the same line-preserving editor, in memory. Reads only.
 */
public final class ServerConfPreview {
    /** What the run does; {@code tls} and {@code replication} null when it has no such step. */
    public record Request(boolean stepByStep, Tls tls, boolean admins, Replication replication) {}

    public record Tls(boolean demo, boolean perEndpoint) {}

    /**
     * {@code primary}: the role written, else replica. The store string may hold secrets: it is only
     * compared and redacted here, and {@link #toString()} hides it.
     */
    public record Replication(boolean primary, String objectStore, String instanceId) {
        public Replication {
            requireNonNull(objectStore, "objectStore");
            requireNonNull(instanceId, "instanceId");
        }

        @Override
        public String toString() {
            return "Replication[" + (primary ? "primary" : "replica") + ", " + ConfSecrets.redact(ObjectStore.CONF_KEY, objectStore)
                    + ", " + instanceId + "]";
        }
    }

    /**
     * @param exists  false when there is no server.conf (QuestDB writes its template on first start)
     * @param sha256  of the file's bytes, "" when it does not exist
     * @param diff    {@link ServerConfDiff#unified}, "" when nothing changes
     * @param writers per step, in run order, the keys it changes; steps that change nothing left out
     * @param notes   what an operator should know; key names, no values
     */
    public record Result(boolean exists, String sha256, String diff, List<StepKeys> writers, List<String> notes) {
        public Result {
            writers = List.copyOf(writers);
            notes = List.copyOf(notes);
        }
    }

    public record StepKeys(String step, List<String> keys) {
        public StepKeys {
            keys = List.copyOf(keys);
        }
    }

    private final QuestDbHost host;

    public ServerConfPreview(QuestDbHost host) {
        this.host = requireNonNull(host, "host");
    }

    public Result preview(Request request) {
        requireNonNull(request, "request");
        ObjectStore store = request.replication() == null ? null : ObjectStore.parse(request.replication().objectStore());
        if (request.replication() != null) {
            ReplicationStep.requireInstanceId(request.replication().instanceId());
        }
        byte[] bytes = readIfExists();
        ServerConf conf = ServerConf.parse(bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1));
        ServerConfEdit edit = ServerConfEdit.of(conf, Clock.systemUTC());
        List<String> notes = new ArrayList<>();
        Map<String, List<String>> writers = new LinkedHashMap<>();
        Map<String, String> tlsKeys = request.tls() == null ? Map.of()
                : TlsConfKeys.keys(TlsStep.planned(host, request.tls().demo(), request.tls().perEndpoint()));
        // The password is random in the run too; shown as *** either way (acl.admin.password is secret).
        Map<String, String> override = request.admins() ? BuiltinAdmin.overrideKeys(BuiltinAdmin.newOverride(host)) : Map.of();
        String early = request.stepByStep() ? null : "swap";
        apply(edit, early == null ? "tls" : early, tlsKeys, writers);
        apply(edit, early == null ? "admins" : early, override, writers);
        apply(edit, "admins", request.admins() ? Map.of(BuiltinAdmin.ENABLED_KEY, "false") : Map.of(), writers);
        if (store != null) {
            String role = request.replication().primary() ? "primary" : "replica";
            try {
                apply(edit, "replication", ReplicationStep.keysFor(conf, role, store, request.replication().instanceId()), writers);
            } catch (AgentException e) {
                notes.add("replication will refuse: " + e.getMessage());
            }
        }
        notes.addAll(0, edit.warnings());
        List<StepKeys> steps = new ArrayList<>();
        writers.forEach((step, keys) -> steps.add(new StepKeys(step, keys)));
        return new Result(bytes != null, bytes == null ? "" : Sha256.of(bytes), ServerConfDiff.unified(conf.text(), edit.text()), steps, notes);
    }

    /** Sets {@code keys} as {@code step} would and notes under it those whose value changes. */
    private static void apply(ServerConfEdit edit, String step, Map<String, String> keys, Map<String, List<String>> writers) {
        keys.forEach((key, value) -> {
            if (!Objects.equals(edit.get(key).orElse(null), value)) {
                writers.computeIfAbsent(step, s -> new ArrayList<>()).add(key);
            }
            edit.set(key, value);
        });
    }

    private byte[] readIfExists() {
        try {
            return Files.readAllBytes(host.confFile());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw AgentException.internal("server_conf_unreadable", "cannot read " + host.confFile() + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
