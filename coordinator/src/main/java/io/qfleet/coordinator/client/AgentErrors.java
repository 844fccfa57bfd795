package io.qfleet.coordinator.client;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qfleet.coordinator.fleet.AgentAccess;
import java.util.Optional;

/** Turns a failed call into one line naming the agent, keeping the agent's reason. */
final class AgentErrors {
    private AgentErrors() {}

    /** {@code access} (null for channels made elsewhere) lets TLS and token failures be explained. */
    static AgentCallException from(String address, AgentAccess access, String call, StatusRuntimeException e) {
        Optional<AgentCallException> security = SecurityFailures.explain(address, access, e);
        if (security.isPresent()) {
            return security.get();
        }
        String reason = reason(e);
        Status status = e.getStatus();
        boolean unreachable = reason.isEmpty()
                && (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED);
        if (unreachable) {
            return new AgentCallException("unreachable", "agent " + address + " is unreachable ("
                    + status.getCode() + "); is qfleet-agent running there and the address right?", true, e);
        }
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return new AgentCallException(reason.isEmpty() ? status.getCode().toString().toLowerCase() : reason,
                "agent " + address + ": " + description, false, e);
    }

    private static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        return status.getDetailsList().stream()
                .filter(any -> any.is(ErrorInfo.class))
                .map(any -> {
                    try {
                        return any.unpack(ErrorInfo.class).getReason();
                    } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                        return "";
                    }
                })
                .findFirst().orElse("");
    }
}
