package io.qfleet.coordinator.progress;

import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The same callbacks for both renderers' tests: two hosts, one migrated, one failed. */
final class RunScript {

    static final Instant START = Instant.parse("2025-03-01T21:58:03Z");
    static final long MIB = 1024 * 1024;
    static final long ARCHIVE = 32_715_571; // 31.2 MiB

    static final HostSummary DB_1 =
            new HostSummary("db-1", HostStatus.MIGRATED, "8.1.4", "9.2.2", 2_000_000L, 2_000_000L, "");
    static final HostSummary DB_12 =
            new HostSummary("db-12", HostStatus.FAILED, "8.1.4", "", 1_500L, null, "health gate: timeout after 120s");

    private RunScript() {}

    static void play(ProgressListener listener, FakeClock clock) {
        listener.runStarted("r-42", List.of("db-1", "db-12"), "9.2.2");
        listener.stepStarted("db-1", Step.UPLOAD);
        listener.stepProgress("db-1", Step.UPLOAD, "", 0, ARCHIVE, "bytes");
        clock.advance(Duration.ofMillis(500));
        listener.stepProgress("db-1", Step.UPLOAD, "", 6 * MIB, ARCHIVE, "bytes");       // held back
        clock.advance(Duration.ofMillis(600));
        listener.stepProgress("db-1", Step.UPLOAD, "", 12 * MIB, ARCHIVE, "bytes");      // a second later
        clock.advance(Duration.ofMillis(100));
        listener.stepProgress("db-1", Step.UPLOAD, "", ARCHIVE, ARCHIVE, "bytes");       // 100%
        listener.stepFinished("db-1", Step.UPLOAD, true, "", Duration.ofMillis(1200));
        listener.stepStarted("db-12", Step.HEALTH_GATE);
        listener.stepProgress("db-12", Step.HEALTH_GATE, "waiting for tables", 3, 10, "tables");
        clock.advance(Duration.ofMillis(300));
        listener.stepProgress("db-12", Step.HEALTH_GATE, "waiting for tables", 7, 10, "tables"); // held back
        clock.advance(Duration.ofMillis(3100));
        listener.stepFinished("db-12", Step.HEALTH_GATE, false, "timeout after 120s\n3 tables suspended",
                Duration.ofMillis(3400));
        listener.hostFinished(DB_1);
        listener.hostFinished(DB_12);
        listener.runFinished(List.of(DB_1, DB_12));
    }
}
