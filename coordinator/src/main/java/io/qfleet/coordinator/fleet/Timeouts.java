package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long the coordinator waits for the slow steps of one host.
 *
 * @param stop QuestDB to stop ({@code stop_seconds}, default 120)
 * @param healthGate the health gate to pass after the start ({@code health_gate_seconds}, default 120)
 * @param walApply WAL tables to apply their pending transactions ({@code wal_apply_seconds}, default 300)
 * @param agentGrace past a step's own bound, how long an agent that went silent is waited for before
 *     its host fails as unreachable ({@code agent_grace_seconds}, default 60); the step may still
 *     finish on the agent, and {@code qfleet resume} re-attaches to it
 */
public record Timeouts(Duration stop, Duration healthGate, Duration walApply, Duration agentGrace) {

    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(120), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(60));

    public Timeouts {
        requirePositive(stop, "stop");
        requirePositive(healthGate, "healthGate");
        requirePositive(walApply, "walApply");
        requirePositive(agentGrace, "agentGrace");
    }

    private static void requirePositive(Duration value, String name) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
