package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.ProbeResult;
import io.qfleet.agent.questdb.StatusProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits until QuestDB is healthy on /status (or answers 401 there, when it wants auth), answers
 * SQL, and reports the expected version. Fails at once when the process exits, so a server that
 * cannot start costs seconds, not the whole timeout. Shared by the health gate and restore.
 */
final class HealthWait {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 100;

    private HealthWait() {
    }

    /** @param expectedVersion "" accepts any version */
    static OperationResult.Healthy await(QuestDbHost host, String expectedVersion, Duration timeout, OperationContext context) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            context.checkCancelled();
            requireAlive(host);
            ProbeResult probe = StatusProbe.probe(host.endpoints().httpMin(), PROBE_TIMEOUT);
            if (probe == ProbeResult.HEALTHY || probe == ProbeResult.AUTH_REQUIRED) {
                Optional<BuildInfo> build = build(host);
                if (build.isPresent()) {
                    String version = build.get().version();
                    if (!expectedVersion.isEmpty() && !expectedVersion.equals(version)) {
                        throw AgentException.failedPrecondition("wrong_version", "QuestDB reports version " + version
                                + ", expected " + expectedVersion);
                    }
                    long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
                    context.info("QuestDB " + version + " healthy and answering SQL");
                    return new OperationResult.Healthy(version, build.get().edition(), millis);
                }
                last = "/status " + probe.name().toLowerCase() + ", SQL not answering yet";
            } else {
                last = "/status " + probe.name().toLowerCase();
            }
            context.progress("waiting for QuestDB: " + last, 0, 0, "");
            pause();
        }
        throw AgentException.failedPrecondition("health_gate_timeout",
                "QuestDB not healthy within " + timeout.toSeconds() + "s (last: " + last + ")");
    }

    private static void requireAlive(QuestDbHost host) {
        // The server on the root decides: the agent's last child may have exited long ago (stopped,
        // or a failed start) while a server started since, by hand or by an earlier agent, serves.
        if (host.process().runningPid().isEmpty()) {
            String code = host.process().exitCodeIfExited().map(c -> "exit code " + c).orElse("no process");
            throw AgentException.failedPrecondition("questdb_exited", "QuestDB is not running (" + code
                    + "); its output is in " + host.process().outputLocation());
        }
    }

    private static Optional<BuildInfo> build(QuestDbHost host) {
        try {
            return Optional.of(host.sql().build());
        } catch (AgentException e) {
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.aborted("interrupted", "interrupted during the health gate");
        }
    }
}
