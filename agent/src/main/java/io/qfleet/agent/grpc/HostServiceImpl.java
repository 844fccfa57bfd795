package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.qfleet.agent.facts.HostFacts;
import io.qfleet.agent.facts.RootMarkers;
import io.qfleet.agent.step.ServerConfPreview;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.PreviewServerConfResponse;
import io.qfleet.proto.agent.v1.RootMarker;
import java.util.function.Supplier;

/**
 * Adapter for HostService: reads facts, writes the root marker (and reads the facts after it, when
 * asked), previews server.conf; translates them.
 */
public final class HostServiceImpl extends HostServiceGrpc.HostServiceImplBase {
    private final Supplier<HostFacts> facts;
    private final RootMarkers markers;
    private final ServerConfPreview serverConf;

    public HostServiceImpl(Supplier<HostFacts> facts, RootMarkers markers, ServerConfPreview serverConf) {
        this.facts = requireNonNull(facts, "facts");
        this.markers = requireNonNull(markers, "markers");
        this.serverConf = requireNonNull(serverConf, "serverConf");
    }

    @Override
    public void getHostFacts(GetHostFactsRequest request, StreamObserver<GetHostFactsResponse> response) {
        response.onNext(GetHostFactsResponse.newBuilder().setFacts(HostProtoMapper.toProto(facts.get())).build());
        response.onCompleted();
    }

    @Override
    public void markRoot(MarkRootRequest request, StreamObserver<MarkRootResponse> response) {
        RootMarkers.Seen seen = markers.mark(request.getHostName(), request.getMarkerId());
        MarkRootResponse.Builder reply = MarkRootResponse.newBuilder().setRoot(seen.root().toString());
        seen.markers().forEach(m -> reply.addMarkers(RootMarker.newBuilder().setHostName(m.hostName()).setMarkerId(m.markerId())));
        if (request.getIncludeFacts()) { // read after the marker is written, as a caller of MarkRoot then GetHostFacts would
            reply.setFacts(HostProtoMapper.toProto(facts.get()));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void previewServerConf(PreviewServerConfRequest request, StreamObserver<PreviewServerConfResponse> response) {
        ServerConfPreview.Result preview = serverConf.preview(ServerConfPreviewProtoMapper.fromProto(request));
        response.onNext(ServerConfPreviewProtoMapper.toProto(preview));
        response.onCompleted();
    }
}
