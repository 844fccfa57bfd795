package io.qfleet.agent.grpc;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.proto.agent.v1.FinalizeResult;
import io.qfleet.proto.agent.v1.FinalizeSpec;

/** The finalize operation (what a run kept for its way back, removed) between the wire and the agent's records. */
final class RetentionProtoMapper {
    private RetentionProtoMapper() {}

    static OperationSpec.Finalize fromProto(FinalizeSpec spec) {
        return new OperationSpec.Finalize(spec.getSwapOperationId(), spec.getBackupOperationId(), spec.getUploadSha256(),
                spec.getRevertOperationId(), spec.getRestoreOperationId());
    }

    static FinalizeSpec toProto(OperationSpec.Finalize s) {
        return FinalizeSpec.newBuilder().setSwapOperationId(s.swapOperationId()).setBackupOperationId(s.backupOperationId())
                .setUploadSha256(s.uploadSha256()).setRevertOperationId(s.revertOperationId())
                .setRestoreOperationId(s.restoreOperationId()).build();
    }

    static FinalizeResult toProto(OperationResult.Finalized r) {
        FinalizeResult.Builder builder = FinalizeResult.newBuilder().setBytesFreed(r.bytesFreed());
        r.removed().forEach(removed -> builder.addRemoved(
                FinalizeResult.Removed.newBuilder().setPath(removed.path()).setBytes(removed.bytes())));
        return builder.build();
    }
}
