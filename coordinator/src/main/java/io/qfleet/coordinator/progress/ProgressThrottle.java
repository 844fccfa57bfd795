package io.qfleet.coordinator.progress;

import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one progress event per second for each host and step. A held-back event is kept so the
 * step's last progress is shown when the step finishes. Not thread-safe: renderers call it under
 * their own lock.
 *
 * @param <T> the rendered event (a line, a JSON object)
 */
final class ProgressThrottle<T> {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Map<Key, State<T>> states = new HashMap<>();

    /**
     * True when {@code event} should be shown now: the first of its step, a second or more after
     * the last one shown, or {@code complete} (100%). Otherwise it becomes the step's pending event.
     */
    boolean offer(String host, Step step, Instant now, boolean complete, T event) {
        State<T> state = states.computeIfAbsent(new Key(host, step), k -> new State<>());
        if (state.lastShown == null || complete || !now.isBefore(state.lastShown.plus(INTERVAL))) {
            state.lastShown = now;
            state.pending = null;
            return true;
        }
        state.pending = event;
        return false;
    }

    /** The step's last event if it was held back (null otherwise), and forgets the step. */
    T finish(String host, Step step) {
        State<T> state = states.remove(new Key(host, step));
        return state == null ? null : state.pending;
    }

    private record Key(String host, Step step) {}

    private static final class State<T> {
        Instant lastShown;
        T pending;
    }
}
