package io.qfleet.agent.operation;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * All operations of this agent, keyed by the client-chosen operation id. A repeated start with the
 * same id and spec returns the existing operation; at most one operation is active at a time,
 * because every step changes the same QuestDB host.
 */
public final class OperationRegistry implements AutoCloseable {
    private static final Logger LOG = System.getLogger(OperationRegistry.class.getName());
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final OperationStore store;
    private final Clock clock;
    private final ExecutorService executor;
    private final OperationRunner runner;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    private OperationRegistry(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "qfleet-operation");
            thread.setDaemon(true);
            return thread;
        });
        this.runner = new OperationRunner(clock, this::succeededResult);
    }

    /**
     * Loads every stored operation. One that was pending or running when the agent died is marked
     * FAILED (agent_restarted): its work stopped at an unknown point, and only the coordinator can
     * decide what comes next.
     */
    public static OperationRegistry open(OperationStore store, Clock clock) throws IOException {
        return open(store, clock, interrupted -> { });
    }

    /**
     * As {@link #open(OperationStore, Clock)}, and hands every operation it marks
     * {@code agent_restarted} to {@code onInterrupted}, once marked, before any new work can start:
     * the place for cleanup that the dead work could not do (a backup's partial archive and open
     * checkpoint). A failing hook is logged and does not stop the agent.
     */
    public static OperationRegistry open(OperationStore store, Clock clock, Consumer<OperationSnapshot> onInterrupted)
            throws IOException {
        requireNonNull(store, "store");
        requireNonNull(clock, "clock");
        requireNonNull(onInterrupted, "onInterrupted");
        OperationRegistry registry = new OperationRegistry(store, clock);
        List<OperationSnapshot> interrupted = new ArrayList<>();
        for (OperationSnapshot snapshot : store.loadAll()) {
            Operation operation = new Operation(snapshot, store, clock);
            if (!snapshot.state().terminal()) {
                String message = "the agent restarted while this operation was " + snapshot.state().name().toLowerCase();
                operation.append(OperationState.FAILED, message, 0, 0, "",
                        new Failure("agent_restarted", message, true), null);
                interrupted.add(operation.snapshot());
            }
            registry.operations.put(snapshot.id(), operation);
        }
        for (OperationSnapshot snapshot : interrupted) {
            try {
                onInterrupted.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cleanup after interrupted operation " + snapshot.id() + " failed", e);
            }
        }
        return registry;
    }

    public record Started(OperationSnapshot operation, boolean created) {}

    public Started start(String id, OperationSpec spec, Function<OperationSpec, OperationWork> workFactory) {
        requireNonNull(spec, "spec");
        requireNonNull(workFactory, "workFactory");
        if (id == null || !ID.matcher(id).matches()) {
            throw AgentException.invalidArgument("bad_operation_id",
                    "operation id '" + id + "' is not valid (expected 1-100 of A-Z a-z 0-9 . _ -)");
        }
        Operation operation;
        synchronized (this) {
            Operation existing = operations.get(id);
            if (existing != null) {
                if (!existing.snapshot().spec().equals(spec)) {
                    throw new AgentException(AgentException.Kind.ALREADY_EXISTS, "operation_id_reused",
                            "operation " + id + " exists with another spec (" + existing.snapshot().spec().kind() + ")",
                            false, null);
                }
                return new Started(existing.snapshot(), false);
            }
            Optional<Operation> active = operations.values().stream()
                    .filter(o -> !o.snapshot().state().terminal()).findFirst();
            if (active.isPresent()) {
                OperationSnapshot busy = active.get().snapshot();
                throw AgentException.aborted("host_busy", "operation " + busy.id() + " (" + busy.spec().kind()
                        + ") is still " + busy.state().name().toLowerCase() + " on this host; retry when it ends");
            }
            OperationWork work = workFactory.apply(spec); // may refuse a bad spec before anything is stored
            operation = new Operation(OperationSnapshot.created(id, spec, clock.instant()), store, clock);
            store.save(operation.snapshot());
            operations.put(id, operation);
            executor.execute(() -> runner.run(operation, work));
        }
        return new Started(operation.snapshot(), true);
    }

    public Optional<OperationSnapshot> get(String id) {
        return find(id).map(Operation::snapshot);
    }

    public OperationSnapshot require(String id) {
        return get(id).orElseThrow(() -> AgentException.notFound("operation_not_found",
                "no operation with id '" + id + "' on this agent"));
    }

    public synchronized List<OperationSnapshot> list() {
        List<OperationSnapshot> all = new ArrayList<>();
        operations.values().forEach(o -> all.add(o.snapshot()));
        return all;
    }

    public OperationSnapshot cancel(String id) {
        Operation operation = find(id).orElseThrow(() -> AgentException.notFound("operation_not_found",
                "no operation with id '" + id + "' on this agent"));
        operation.requestCancel();
        return operation.snapshot();
    }

    /**
     * Replays events from {@code fromSequence} and follows live ones until the terminal event.
     * Returns the action that stops following (it never cancels the operation), or empty when the
     * operation had already ended and the replay was all there is.
     */
    public Optional<Runnable> watch(String id, long fromSequence, Consumer<OperationEvent> watcher) {
        Operation operation = find(id).orElseThrow(() -> AgentException.notFound("operation_not_found",
                "no operation with id '" + id + "' on this agent"));
        boolean following = operation.watch(fromSequence, watcher);
        return following ? Optional.of(() -> operation.unwatch(watcher)) : Optional.empty();
    }

    private synchronized Optional<Operation> find(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    private OperationResult succeededResult(String id, Class<? extends OperationResult> type) {
        OperationSnapshot snapshot = find(id).map(Operation::snapshot).orElseThrow(() ->
                AgentException.failedPrecondition("operation_not_found", "no operation with id '" + id + "' on this agent"));
        if (snapshot.state() != OperationState.SUCCEEDED || !type.isInstance(snapshot.result())) {
            throw AgentException.failedPrecondition("operation_not_succeeded",
                    "operation " + id + " (" + snapshot.spec().kind() + ") is " + snapshot.state().name().toLowerCase()
                            + ", not a succeeded " + type.getSimpleName().toLowerCase());
        }
        return snapshot.result();
    }

    /** Stops taking work; running work is abandoned with the JVM (a restart marks it failed). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
