package io.qfleet.agent.operation;

import io.qfleet.agent.AgentException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Runs one operation's work and owns everything around it: state transitions, the terminal
 * event, failure reasons and logging. Work only does its job and reports progress.
 */
final class OperationRunner {
    private static final Logger LOG = System.getLogger(OperationRunner.class.getName());
    private static final long PROGRESS_INTERVAL_MILLIS = 500;

    private final Clock clock;
    private final BiFunction<String, Class<? extends OperationResult>, OperationResult> results;
    private final Optional<FaultHold> hold = FaultHold.fromSystemProperty();

    OperationRunner(Clock clock, BiFunction<String, Class<? extends OperationResult>, OperationResult> results) {
        this.clock = clock;
        this.results = results;
    }

    void run(Operation operation, OperationWork work) {
        String id = operation.id();
        String kind = operation.snapshot().spec().kind();
        if (operation.cancelRequested()) {
            operation.append(OperationState.CANCELLED, "cancelled before it started", 0, 0, "",
                    new Failure("cancelled", "cancelled before it started", false), null);
            return;
        }
        operation.append(OperationState.RUNNING, kind + " started", 0, 0, "", null, null);
        LOG.log(Level.INFO, "operation {0} ({1}) started", id, kind);
        try {
            OperationResult result = work.run(new Context(operation));
            hold.ifPresent(h -> h.afterWork(id));
            operation.append(OperationState.SUCCEEDED, kind + " succeeded", 0, 0, "", null, result);
            LOG.log(Level.INFO, "operation {0} ({1}) succeeded", id, kind);
        } catch (OperationCancelledException e) {
            operation.append(OperationState.CANCELLED, e.getMessage(), 0, 0, "",
                    new Failure("cancelled", e.getMessage(), false), null);
            LOG.log(Level.INFO, "operation {0} ({1}) cancelled", id, kind);
        } catch (AgentException e) {
            operation.append(OperationState.FAILED, e.getMessage(), 0, 0, "",
                    new Failure(e.reason(), e.getMessage(), e.retryable()), null);
            LOG.log(Level.WARNING, "operation {0} ({1}) failed: {2}", id, kind, e.getMessage());
        } catch (Exception | Error e) {
            // The stack trace stays in the agent's log; the caller gets the type and a short line.
            String message = kind + " failed unexpectedly: " + e.getClass().getSimpleName();
            operation.append(OperationState.FAILED, message, 0, 0, "", new Failure("internal", message, false), null);
            LOG.log(Level.ERROR, "operation " + id + " (" + kind + ") failed unexpectedly", e);
        }
    }

    private final class Context implements OperationContext {
        private final Operation operation;
        private long lastProgressMillis;

        Context(Operation operation) {
            this.operation = operation;
        }

        @Override
        public String operationId() {
            return operation.id();
        }

        @Override
        public void info(String message) {
            operation.emit(message, 0, 0, "");
            LOG.log(Level.INFO, "operation {0}: {1}", operation.id(), message);
        }

        @Override
        public void progress(String message, long done, long total, String unit) {
            long now = clock.millis();
            if (done != total && now - lastProgressMillis < PROGRESS_INTERVAL_MILLIS) {
                return;
            }
            lastProgressMillis = now;
            operation.emit(message, done, total, unit);
        }

        @Override
        public boolean cancelled() {
            return operation.cancelRequested();
        }

        @Override
        public <T extends OperationResult> T resultOf(String operationId, Class<T> type) {
            return type.cast(results.apply(operationId, type));
        }
    }
}
