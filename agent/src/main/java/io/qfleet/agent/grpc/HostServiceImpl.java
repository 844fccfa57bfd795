package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.qfleet.agent.facts.HostFacts;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.GetHostFactsResponse;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import java.util.function.Supplier;

/** Adapter for HostService: reads facts, translates them. */
public final class HostServiceImpl extends HostServiceGrpc.HostServiceImplBase {
    private final Supplier<HostFacts> facts;

    public HostServiceImpl(Supplier<HostFacts> facts) {
        this.facts = requireNonNull(facts, "facts");
    }

    @Override
    public void getHostFacts(GetHostFactsRequest request, StreamObserver<GetHostFactsResponse> response) {
        response.onNext(GetHostFactsResponse.newBuilder().setFacts(HostProtoMapper.toProto(facts.get())).build());
        response.onCompleted();
    }
}
