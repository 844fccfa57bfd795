package io.qfleet.coordinator.client;

import io.grpc.ManagedChannel;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import java.util.concurrent.TimeUnit;

/**
 * For fault tests in other packages: how far an upload to an agent has got, asked over the same
 * channel the coordinator uses (TLS, client certificate and token as {@code access} says).
 */
public final class UploadProbe {
    private UploadProbe() {
    }

    /** What the agent has received of one upload. */
    public record Progress(long bytesReceived, boolean complete) {
    }

    /** Throws {@link io.grpc.StatusRuntimeException} when the agent cannot be asked (e.g. it is dead). */
    public static Progress of(String host, int port, AgentAccess access, String sha256) {
        ManagedChannel channel = AgentChannels.open(host, port, access);
        try {
            GetUploadResponse upload = DistributionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getUpload(GetUploadRequest.newBuilder().setSha256(sha256).build());
            return new Progress(upload.getBytesReceived(), upload.getComplete());
        } finally {
            channel.shutdownNow();
        }
    }
}
