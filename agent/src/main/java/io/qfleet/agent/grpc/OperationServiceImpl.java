package io.qfleet.agent.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.qfleet.agent.operation.OperationEvent;
import io.qfleet.agent.operation.OperationRegistry;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.proto.agent.v1.CancelOperationRequest;
import io.qfleet.proto.agent.v1.CancelOperationResponse;
import io.qfleet.proto.agent.v1.GetOperationRequest;
import io.qfleet.proto.agent.v1.GetOperationResponse;
import io.qfleet.proto.agent.v1.ListOperationsRequest;
import io.qfleet.proto.agent.v1.ListOperationsResponse;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.StartOperationRequest;
import io.qfleet.proto.agent.v1.StartOperationResponse;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Adapter for OperationService: translates and hands off to the {@link OperationRegistry}. */
public final class OperationServiceImpl extends OperationServiceGrpc.OperationServiceImplBase {
    private final OperationRegistry registry;
    private final Function<OperationSpec, OperationWork> workFactory;

    public OperationServiceImpl(OperationRegistry registry, Function<OperationSpec, OperationWork> workFactory) {
        this.registry = requireNonNull(registry, "registry");
        this.workFactory = requireNonNull(workFactory, "workFactory");
    }

    @Override
    public void startOperation(StartOperationRequest request, StreamObserver<StartOperationResponse> response) {
        OperationSpec spec = OperationProtoMapper.fromProto(request.getSpec());
        OperationRegistry.Started started = registry.start(request.getOperationId(), spec, workFactory);
        response.onNext(StartOperationResponse.newBuilder()
                .setOperation(OperationProtoMapper.toProto(started.operation()))
                .setCreated(started.created())
                .build());
        response.onCompleted();
    }

    @Override
    public void watchOperation(WatchOperationRequest request, StreamObserver<io.qfleet.proto.agent.v1.OperationEvent> response) {
        ServerCallStreamObserver<io.qfleet.proto.agent.v1.OperationEvent> call =
                (ServerCallStreamObserver<io.qfleet.proto.agent.v1.OperationEvent>) response;
        EventStream stream = new EventStream(call);
        // Only this watch ends when the client goes away; the operation keeps running.
        call.setOnCancelHandler(stream::cancel);
        stream.following(registry.watch(request.getOperationId(), Math.max(1, request.getFromSequence()), stream));
    }

    @Override
    public void getOperation(GetOperationRequest request, StreamObserver<GetOperationResponse> response) {
        response.onNext(GetOperationResponse.newBuilder()
                .setOperation(OperationProtoMapper.toProto(registry.require(request.getOperationId())))
                .build());
        response.onCompleted();
    }

    @Override
    public void listOperations(ListOperationsRequest request, StreamObserver<ListOperationsResponse> response) {
        ListOperationsResponse.Builder builder = ListOperationsResponse.newBuilder();
        registry.list().forEach(snapshot -> builder.addOperations(
                OperationProtoMapper.toProto(snapshot).toBuilder().clearResult().build()));
        response.onNext(builder.build());
        response.onCompleted();
    }

    @Override
    public void cancelOperation(CancelOperationRequest request, StreamObserver<CancelOperationResponse> response) {
        response.onNext(CancelOperationResponse.newBuilder()
                .setOperation(OperationProtoMapper.toProto(registry.cancel(request.getOperationId())))
                .build());
        response.onCompleted();
    }

    /**
     * Forwards one operation's events to one watch call and completes it after the terminal event.
     * Lock order: the operation delivers events holding its own lock, then takes this one; so this
     * one is never held while calling into the operation (unwatch), or a watch cancelled while its
     * operation reports an event deadlocks the two, and with them the operation and the agent.
     */
    private static final class EventStream implements Consumer<OperationEvent> {
        private final ServerCallStreamObserver<io.qfleet.proto.agent.v1.OperationEvent> call;
        private Runnable unwatch = () -> {};
        private boolean done;

        EventStream(ServerCallStreamObserver<io.qfleet.proto.agent.v1.OperationEvent> call) {
            this.call = call;
        }

        @Override
        public synchronized void accept(OperationEvent event) {
            if (done) {
                return;
            }
            call.onNext(OperationProtoMapper.toProto(event));
            if (event.state().terminal()) {
                done = true;
                call.onCompleted();
            }
        }

        /** After the replay: ends the call if the operation had already ended. */
        void following(Optional<Runnable> unwatch) {
            synchronized (this) {
                if (unwatch.isEmpty()) {
                    if (!done) {
                        done = true;
                        call.onCompleted();
                    }
                    return;
                }
                this.unwatch = unwatch.get();
            }
            // A cancel that came before the unwatch was set ran the no-op one: unwatch now.
            if (call.isCancelled()) {
                cancel(); // the cancel handler may have run before unwatch was set
            }
        }

        /** The client went away: stop forwarding, then unwatch outside this lock (see the class comment). */
        void cancel() {
            Runnable stop;
            synchronized (this) {
                done = true;
                stop = unwatch;
            }
            stop.run();
        }
    }
}
