package io.qfleet.agent.grpc;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationSpec.ReplicationPhase;
import io.qfleet.agent.secrets.SecretText;
import io.qfleet.proto.agent.v1.ReplicationResult;
import io.qfleet.proto.agent.v1.ReplicationSpec;

/**
 * Step 11 between the wire and the agent's records. The object store string becomes a
 * {@link SecretText} at once (it may hold keys); sent back (an operation's spec), it is its fingerprint.
 */
final class ReplicationProtoMapper {
    private ReplicationProtoMapper() {}

    static OperationSpec.Replication fromProto(ReplicationSpec spec) {
        ReplicationPhase phase = switch (spec.getPhase()) {
            case PHASE_CHECK_STORE -> ReplicationPhase.CHECK_STORE;
            case PHASE_PRIMARY -> ReplicationPhase.PRIMARY;
            case PHASE_REPLICA -> ReplicationPhase.REPLICA;
            default -> null;
        };
        return new OperationSpec.Replication(phase, SecretText.of(spec.getObjectStore()), spec.getCluster(), spec.getInstanceId(),
                spec.getClearFsStore(), spec.getArchiveSha256(), spec.getManifestSha256(), spec.getStopTimeoutSeconds(),
                spec.getHealthTimeoutSeconds());
    }

    static ReplicationSpec toProto(OperationSpec.Replication s) {
        ReplicationSpec.Builder builder = ReplicationSpec.newBuilder()
                .setObjectStore(s.objectStore().fingerprint()) // never the string: it may hold the store's keys
                .setCluster(s.cluster()).setInstanceId(s.instanceId()).setClearFsStore(s.clearFsStore())
                .setArchiveSha256(s.archiveSha256()).setManifestSha256(s.manifestSha256())
                .setStopTimeoutSeconds(s.stopTimeoutSeconds()).setHealthTimeoutSeconds(s.healthTimeoutSeconds());
        if (s.phase() != null) {
            builder.setPhase(switch (s.phase()) {
                case CHECK_STORE -> ReplicationSpec.Phase.PHASE_CHECK_STORE;
                case PRIMARY -> ReplicationSpec.Phase.PHASE_PRIMARY;
                case REPLICA -> ReplicationSpec.Phase.PHASE_REPLICA;
            });
        }
        return builder.build();
    }

    static ReplicationResult toProto(OperationResult.ReplicationDone r) {
        return ReplicationResult.newBuilder().setStoreKind(r.storeKind()).setStoreState(r.storeState()).setRole(r.role())
                .setInstanceId(r.instanceId()).addAllNonWalTables(r.nonWalTables()).setPreviousDb(r.previousDb()).build();
    }
}
