package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.qfleet.agent.facts.HostFacts;
import io.qfleet.agent.facts.RootMarkers;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.MarkRootRequest;
import io.qfleet.proto.agent.v1.MarkRootResponse;
import io.qfleet.proto.agent.v1.RootMarker;
import java.util.function.Supplier;

/** Adapter for HostService: reads facts and writes the root marker, translates them. */
public final class HostServiceImpl extends HostServiceGrpc.HostServiceImplBase {
    private final Supplier<HostFacts> facts;
    private final RootMarkers markers;

    public HostServiceImpl(Supplier<HostFacts> facts, RootMarkers markers) {
        this.facts = requireNonNull(facts, "facts");
        this.markers = requireNonNull(markers, "markers");
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
        response.onNext(reply.build());
        response.onCompleted();
    }
}
