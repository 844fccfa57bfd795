package io.qfleet.agent.testing;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.qfleet.proto.agent.v1.OperationEvent;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import io.qfleet.proto.agent.v1.WatchOperationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WatchOperation call whose events land in a queue, so the test thread asserts on them (an
 * assertion inside a gRPC callback would only turn into a timeout). It can be cancelled midway.
 */
public final class EventWatch {
    private final BlockingQueue<OperationEvent> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ClientCallStreamObserver<WatchOperationRequest> call;
    private volatile Throwable error;

    EventWatch(OperationServiceGrpc.OperationServiceStub stub, WatchOperationRequest request) {
        stub.watchOperation(request, new ClientResponseObserver<WatchOperationRequest, OperationEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchOperationRequest> requestStream) {
                call = requestStream;
            }

            @Override
            public void onNext(OperationEvent value) {
                events.add(value);
            }

            @Override
            public void onError(Throwable t) {
                error = t;
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
    }

    /** The next event, failing the test when none comes within {@code timeout}. */
    public OperationEvent next(Duration timeout) throws InterruptedException {
        OperationEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout + (error != null ? "; the call failed: " + error : ""));
        }
        return event;
    }

    /** Events received so far and not yet taken. */
    public List<OperationEvent> drain() {
        List<OperationEvent> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    public void cancel() {
        call.cancel("test stops watching", null);
    }

    /** Whether the call ended (completed or failed) within {@code timeout}. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable error() {
        return error;
    }
}
