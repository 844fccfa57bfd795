package io.qfleet.agent.grpc;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.step.ServerConfPreview;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.PreviewServerConfResponse;
import io.qfleet.proto.agent.v1.ReplicationRole;
import io.qfleet.proto.agent.v1.ServerConfStepKeys;

/** PreviewServerConf between the wire and the agent's domain. */
final class ServerConfPreviewProtoMapper {
    private ServerConfPreviewProtoMapper() {}

    static ServerConfPreview.Request fromProto(PreviewServerConfRequest request) {
        ServerConfPreview.Tls tls = request.hasTls()
                ? new ServerConfPreview.Tls(request.getTls().getDemo(), request.getTls().getPerEndpoint()) : null;
        ServerConfPreview.Replication replication = null;
        if (request.hasReplication()) {
            ReplicationRole role = request.getReplication().getRole();
            if (role != ReplicationRole.REPLICATION_ROLE_PRIMARY && role != ReplicationRole.REPLICATION_ROLE_REPLICA) {
                throw AgentException.invalidArgument("missing_field", "replication.role is required (PRIMARY or REPLICA)");
            }
            replication = new ServerConfPreview.Replication(role == ReplicationRole.REPLICATION_ROLE_PRIMARY,
                    request.getReplication().getObjectStore(), request.getReplication().getInstanceId());
        }
        return new ServerConfPreview.Request(request.getStepByStep(), tls, request.getAdmins(), replication);
    }

    static PreviewServerConfResponse toProto(ServerConfPreview.Result result) {
        PreviewServerConfResponse.Builder response = PreviewServerConfResponse.newBuilder()
                .setExists(result.exists())
                .setSha256(result.sha256())
                .setDiff(result.diff())
                .addAllNotes(result.notes());
        result.writers().forEach(w -> response.addWriters(ServerConfStepKeys.newBuilder().setStep(w.step()).addAllKeys(w.keys())));
        return response.build();
    }
}
