package io.qfleet.agent.operation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable view of one operation, as stored on disk and handed to readers. {@code failure} is set
 * when FAILED or CANCELLED, {@code result} when SUCCEEDED.
 */
public record OperationSnapshot(
        String id,
        OperationSpec spec,
        OperationState state,
        Instant createdAt,
        Instant endedAt,
        Failure failure,
        OperationResult result,
        List<OperationEvent> events) {

    public OperationSnapshot {
        requireNonNull(id, "id");
        requireNonNull(spec, "spec");
        requireNonNull(state, "state");
        requireNonNull(createdAt, "createdAt");
        events = List.copyOf(events);
    }

    static OperationSnapshot created(String id, OperationSpec spec, Instant now) {
        return new OperationSnapshot(id, spec, OperationState.PENDING, now, null, null, null, List.of());
    }

    public long lastSequence() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).sequence();
    }

    /** The next snapshot after one event; state, failure and result come with the event. */
    OperationSnapshot with(OperationEvent event, Failure newFailure, OperationResult newResult) {
        if (event.state() != state && !state.canMoveTo(event.state())) {
            throw new IllegalStateException("operation " + id + ": " + state + " -> " + event.state());
        }
        List<OperationEvent> next = new ArrayList<>(events.size() + 1);
        next.addAll(events);
        next.add(event);
        Instant ended = event.state().terminal() ? event.time() : endedAt;
        return new OperationSnapshot(id, spec, event.state(), createdAt, ended,
                newFailure != null ? newFailure : failure, newResult != null ? newResult : result, next);
    }
}
