package io.qfleet.agent.operation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one mutable holder of an operation's snapshot. Every event is persisted before watchers see
 * it, all under this object's lock, so a watcher never sees an event a restarted agent would not
 * know, and events of one operation reach a watcher in order.
 */
final class Operation {
    private final OperationStore store;
    private final Clock clock;
    private final List<Consumer<OperationEvent>> watchers = new ArrayList<>();
    private OperationSnapshot snapshot;
    private volatile boolean cancelRequested;

    Operation(OperationSnapshot snapshot, OperationStore store, Clock clock) {
        this.snapshot = requireNonNull(snapshot, "snapshot");
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    synchronized OperationSnapshot snapshot() {
        return snapshot;
    }

    String id() {
        return snapshot().id();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** Appends an event with the current state (a message or progress). */
    void emit(String message, long done, long total, String unit) {
        append(snapshot().state(), message, done, total, unit, null, null);
    }

    synchronized void append(OperationState state, String message, long done, long total, String unit,
            Failure failure, OperationResult result) {
        if (snapshot.state().terminal()) {
            return; // nothing follows the terminal event
        }
        OperationEvent event = new OperationEvent(
                snapshot.lastSequence() + 1, clock.instant(), state, message, done, total, unit);
        OperationSnapshot next = snapshot.with(event, failure, result);
        store.save(next);
        snapshot = next;
        for (Consumer<OperationEvent> watcher : List.copyOf(watchers)) {
            watcher.accept(event);
        }
        if (state.terminal()) {
            watchers.clear();
        }
    }

    /**
     * Replays events from {@code fromSequence}, then follows live ones. Returns whether the watcher
     * stays registered (false when the operation already ended, after the replay).
     */
    synchronized boolean watch(long fromSequence, Consumer<OperationEvent> watcher) {
        for (OperationEvent event : snapshot.events()) {
            if (event.sequence() >= fromSequence) {
                watcher.accept(event);
            }
        }
        if (snapshot.state().terminal()) {
            return false;
        }
        watchers.add(watcher);
        return true;
    }

    synchronized void unwatch(Consumer<OperationEvent> watcher) {
        watchers.remove(watcher);
    }
}
