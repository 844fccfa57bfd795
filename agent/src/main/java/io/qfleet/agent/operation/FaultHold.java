package io.qfleet.agent.operation;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fault injection for the fault matrix (docs/reliability.md), off unless the agent JVM gets
 * {@code -Dqfleet.agent.test.hold=<millis>:<operation id regex>}: an operation whose id matches
 * stays RUNNING that long after its work has finished, before its result is recorded. A swap or a
 * start takes milliseconds; held, a test can kill -9 the agent inside it, at the worst moment
 * (the work done, the agent's record not saying so), every time.
 */
final class FaultHold {
    static final String PROPERTY = "qfleet.agent.test.hold";
    private static final Logger LOG = System.getLogger(FaultHold.class.getName());

    private final long millis;
    private final Pattern ids;

    private FaultHold(long millis, Pattern ids) {
        this.millis = millis;
        this.ids = ids;
    }

    /** From the system property; empty when it is not set. A malformed value fails the agent's start. */
    static Optional<FaultHold> fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException(PROPERTY + ": '" + value + "' (expected: <millis>:<operation id regex>)");
        }
        return Optional.of(new FaultHold(Long.parseLong(value.substring(0, colon)), Pattern.compile(value.substring(colon + 1))));
    }

    void afterWork(String operationId) {
        if (!ids.matcher(operationId).matches()) {
            return;
        }
        LOG.log(Level.WARNING, "operation {0}: work done, held {1} ms before its result is recorded ({2})", operationId, millis,
                PROPERTY);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
