package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationSpec.ReplicationPhase;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.questdb.TableInfo;
import io.qfleet.agent.replication.FsStoreOwnership;
import io.qfleet.agent.replication.ObjectStore;
import io.qfleet.agent.serverconf.ConfSecrets;
import io.qfleet.agent.serverconf.ServerConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workflow step 11 (see {@code ReplicationSpec}): the store checked and, for fs::, claimed before
 * anything stops; the primary's keys written and QuestDB restarted; a replica seeded from its
 * primary's checkpoint ({@link ReplicaSeed}). Keys are written through {@link ConfChange}, which
 * refuses Enterprise-only keys on Open Source binaries.
 */
final class ReplicationStep implements OperationWork {
    static final String ROLE_KEY = "replication.role";
    static final String INSTANCE_ID_KEY = "cairo.snapshot.instance.id";
    /** Host files a store string may name (QUESTDB.md section 6): the agent checks they are there. */
    private static final List<String> HOST_FILES = List.of("ca_cert_file", "credential_path");

    private final QuestDbHost host;
    private final ReplicaSeed seed;
    private final OperationSpec.Replication spec;

    ReplicationStep(QuestDbHost host, ReplicaSeed seed, OperationSpec.Replication spec) {
        this.host = host;
        this.seed = seed;
        this.spec = spec;
    }

    /** Refuses a spec that cannot work before it is stored. */
    static ObjectStore validate(OperationSpec.Replication spec) {
        if (spec.phase() == null) {
            throw AgentException.invalidArgument("missing_field", "replication.phase is required (CHECK_STORE, PRIMARY or REPLICA)");
        }
        if (spec.cluster().isBlank()) {
            throw AgentException.invalidArgument("missing_field", "replication.cluster is required");
        }
        if (spec.phase() != ReplicationPhase.CHECK_STORE) {
            requireInstanceId(spec.instanceId());
        }
        if (spec.phase() == ReplicationPhase.REPLICA && (spec.archiveSha256().isBlank() || spec.manifestSha256().isBlank())) {
            throw AgentException.invalidArgument("missing_field", "replication.archive_sha256 and manifest_sha256 are required for a replica");
        }
        return ObjectStore.parse(spec.objectStore().reveal());
    }

    static void requireInstanceId(String instanceId) {
        try {
            UUID.fromString(instanceId);
        } catch (IllegalArgumentException e) {
            throw AgentException.invalidArgument("bad_value", "replication.instance_id: '" + instanceId + "' (expected a UUID)");
        }
    }

    @Override
    public OperationResult run(OperationContext context) {
        ObjectStore store = validate(spec);
        List<String> nonWal = nonWalTables();
        if (!nonWal.isEmpty()) {
            context.info("not replicated (no WAL): " + String.join(", ", nonWal) + "; convert each with ALTER TABLE \"t\" SET TYPE WAL"
                    + " and a restart");
        }
        return switch (spec.phase()) {
            case CHECK_STORE -> new OperationResult.ReplicationDone(store.scheme(), checkStore(store, context), "", "", nonWal, "");
            case PRIMARY -> configure(store, "primary", nonWal, context);
            case REPLICA -> configure(store, "replica", nonWal, context);
        };
    }

    private String checkStore(ObjectStore store, OperationContext context) {
        for (String key : HOST_FILES) {
            store.part(key).ifPresent(file -> {
                if (!Files.isReadable(Path.of(file))) {
                    throw AgentException.failedPrecondition("object_store_file_missing", "replication.object_store names " + key + "="
                            + file + ", which this host cannot read");
                }
            });
        }
        String state;
        if (store.scheme().equals("fs")) {
            Path root = absolute(store, "root");
            Path scratch = absolute(store, "atomic_write_dir");
            String configured = ServerConf.read(host.confFile()).get(ObjectStore.CONF_KEY).orElse("").strip();
            state = FsStoreOwnership.claim(host.fsStorePlaces(), root, scratch, spec.cluster(), store.value(), configured, spec.clearFsStore());
        } else {
            state = store.scheme() + " store " + store.part("bucket").or(() -> store.part("container")).orElse("")
                    + ": nothing on this host to check (QuestDB reaches it when it starts as primary)";
        }
        context.info(state);
        return state;
    }

    /** Writes role, store and instance id (a replica first takes its primary's data), then restarts. */
    private OperationResult configure(ObjectStore store, String role, List<String> nonWal, OperationContext context) {
        if (store.scheme().equals("fs")) {
            // QuestDB writes the store itself once it is named; the same places as the claim, checked again.
            host.fsStorePlaces().require("root", absolute(store, "root"));
            host.fsStorePlaces().require("atomic_write_dir", absolute(store, "atomic_write_dir"));
        }
        ServerConf conf = ServerConf.read(host.confFile());
        Map<String, String> keys = keysFor(conf, role, store, spec.instanceId());
        if (keys.isEmpty()) {
            context.info("already a " + role + " of " + store.redacted() + ": nothing to change");
            return new OperationResult.ReplicationDone(store.scheme(), "", role, conf.get(INSTANCE_ID_KEY).orElse("").strip(), nonWal, "");
        }
        Edition edition = DistributionLayout.describe(host.installDir()).edition();
        String previousDb = "";
        if (role.equals("replica")) {
            previousDb = seed.replace(spec, keys, edition, context);
        } else {
            ConfChange.setAndRestart(host, keys, edition, spec.stopTimeoutSeconds(), spec.healthTimeoutSeconds(), context);
        }
        context.info(role + " of " + store.redacted() + " with " + INSTANCE_ID_KEY + "=" + spec.instanceId());
        return new OperationResult.ReplicationDone(store.scheme(), "", role, spec.instanceId(), nonWal, previousDb);
    }

    /**
     * The keys that make {@code conf} a {@code role} of {@code store}: none when it already is one
     * (its instance id stays); refused (FAILED_PRECONDITION {@code replication_configured_differently})
     * when it names another role or store. The plan's server.conf preview asks the same.
     */
    static Map<String, String> keysFor(ServerConf conf, String role, ObjectStore store, String instanceId) {
        String currentRole = conf.get(ROLE_KEY).orElse("").strip();
        String currentStore = conf.get(ObjectStore.CONF_KEY).orElse("").strip();
        if (!currentRole.isEmpty() && !currentRole.equals("none")) {
            if (!currentRole.equals(role) || !currentStore.equals(store.value())) {
                throw AgentException.failedPrecondition("replication_configured_differently", "server.conf already has "
                        + ROLE_KEY + "=" + currentRole + " with " + ConfSecrets.redact(ObjectStore.CONF_KEY, currentStore)
                        + "; qfleet does not move a replicating node to another role or store");
            }
            return Map.of();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(ROLE_KEY, role);
        keys.put(ObjectStore.CONF_KEY, store.value());
        keys.put(INSTANCE_ID_KEY, instanceId);
        return keys;
    }

    private List<String> nonWalTables() {
        if (host.process().runningPid().isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (TableInfo table : host.sql().tables()) {
            if (!table.wal()) {
                names.add(table.name());
            }
        }
        return names.stream().sorted().toList();
    }

    private static Path absolute(ObjectStore store, String key) {
        String value = store.part(key).orElseThrow(() -> AgentException.invalidArgument("bad_object_store",
                "replication.object_store: fs store has no " + key + "= (" + store.redacted() + ")"));
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw AgentException.invalidArgument("bad_object_store", "replication.object_store: fs " + key + "=" + value
                    + " is not an absolute path");
        }
        return path; // not normalised by name: FsStorePlaces resolves '..' where it really leads, as QuestDB will
    }
}
