package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.UploadSession;
import io.qfleet.agent.install.UploadStatus;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.proto.agent.v1.DistributionServiceGrpc;
import io.qfleet.proto.agent.v1.GetUploadRequest;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.UploadChunk;
import io.qfleet.proto.agent.v1.UploadDistributionRequest;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import io.qfleet.proto.agent.v1.UploadHeader;

/** Adapter for DistributionService: hands chunks to the {@link UploadStore}. */
public final class DistributionServiceImpl extends DistributionServiceGrpc.DistributionServiceImplBase {
    private final UploadStore uploads;

    public DistributionServiceImpl(UploadStore uploads) {
        this.uploads = requireNonNull(uploads, "uploads");
    }

    @Override
    public StreamObserver<UploadDistributionRequest> uploadDistribution(
            StreamObserver<UploadDistributionResponse> response) {
        return new StreamObserver<>() {
            private UploadSession session;
            private UploadHeader header;

            @Override
            public void onNext(UploadDistributionRequest request) {
                try {
                    if (request.hasHeader()) {
                        header = request.getHeader();
                        session = uploads.open(header.getFileName(), header.getSizeBytes(), header.getSha256());
                        return;
                    }
                    if (session == null) {
                        throw AgentException.invalidArgument("header_first", "an upload starts with its header (name, size, SHA-256)");
                    }
                    UploadChunk chunk = request.getChunk();
                    byte[] data = chunk.getData().toByteArray();
                    session.append(chunk.getOffset(), data, 0, data.length);
                } catch (RuntimeException e) {
                    closeSession();
                    throw e; // the interceptor turns it into the call's status
                }
            }

            @Override
            public void onError(Throwable error) {
                closeSession(); // what arrived stays for a resumed upload
            }

            @Override
            public void onCompleted() {
                if (session == null) {
                    throw AgentException.invalidArgument("header_first", "an upload starts with its header (name, size, SHA-256)");
                }
                long received = session.bytesReceived();
                boolean complete = session.complete();
                closeSession();
                if (!complete) {
                    throw AgentException.failedPrecondition("upload_incomplete", "upload " + header.getFileName() + ": "
                            + received + " of " + header.getSizeBytes() + " bytes received; resume from " + received);
                }
                response.onNext(UploadDistributionResponse.newBuilder()
                        .setSha256(header.getSha256()).setSizeBytes(header.getSizeBytes()).build());
                response.onCompleted();
            }

            private void closeSession() {
                if (session != null) {
                    session.close();
                    session = null;
                }
            }
        };
    }

    @Override
    public void getUpload(GetUploadRequest request, StreamObserver<GetUploadResponse> response) {
        UploadStatus status = uploads.status(request.getSha256());
        response.onNext(GetUploadResponse.newBuilder()
                .setSha256(status.sha256()).setBytesReceived(status.bytesReceived()).setComplete(status.complete()).build());
        response.onCompleted();
    }
}
