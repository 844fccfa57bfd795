package io.qfleet.agent.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qfleet.agent.AgentException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one place where exceptions become gRPC statuses. The client gets the code, a one-line
 * message and an ErrorInfo with the machine-readable reason; stack traces stay in the local log.
 */
final class StatusMapping {
    static final String DOMAIN = "qfleet.io";
    private static final Logger LOG = System.getLogger(StatusMapping.class.getName());

    private StatusMapping() {}

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException status) {
            return status;
        }
        if (error instanceof AgentException agent) {
            return build(code(agent.kind()), agent.reason(), agent.getMessage(), agent.retryable());
        }
        LOG.log(Level.ERROR, "unexpected error in an RPC", error);
        return build(Status.Code.INTERNAL, "internal",
                "unexpected agent error (" + error.getClass().getSimpleName() + "); see the agent's log", false);
    }

    static Status.Code code(AgentException.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    private static StatusRuntimeException build(Status.Code code, String reason, String message, boolean retryable) {
        ErrorInfo info = ErrorInfo.newBuilder()
                .setReason(reason)
                .setDomain(DOMAIN)
                .putMetadata("retryable", Boolean.toString(retryable))
                .build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(info))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
