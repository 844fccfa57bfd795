package io.qfleet.coordinator.report;

import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.Step;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes a run journal for a test through {@link RunJournal}, with times in seconds after
 * {@link #T0}. A migrated host's steps take (from preflight): 0.3, 4, 2, 1, 3, 0.2, 5, 4, 1.5
 * seconds, so its downtime (stop to the end of the health gate) is 12.2 s.
 */
public final class JournalScript implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-05-01T03:00:00Z");
    public static final String FROM = "8.1.4";
    public static final String TO = "9.2.2";
    public static final long ROWS = 2_000_000;
    /** The scripted runs were made with --skip-backup's predecessor: no backup step, as older journals have. */
    private static final List<Step> SCRIPTED = List.of(Step.PREFLIGHT, Step.UPLOAD, Step.STAGE, Step.INVENTORY, Step.STOP,
            Step.SWAP, Step.START, Step.HEALTH_GATE, Step.VERIFY);
    private static final double[] TOOK = {0.3, 4, 2, 1, 3, 0.2, 5, 4, 1.5}; // by position in SCRIPTED

    private final RunJournal journal;

    public JournalScript(Path runDir) {
        this.journal = RunJournal.open(runDir);
    }

    public static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    public JournalScript runStarted(String runId, List<String> hosts, List<List<String>> waves) {
        journal.append(new JournalEntry.RunStarted(T0, runId, "fleet.yaml", "ab12", TO, hosts, waves));
        return this;
    }

    public JournalScript wave(double at, int wave, List<String> hosts) {
        journal.append(new JournalEntry.WaveStarted(t(at), wave, hosts));
        return this;
    }

    public JournalScript started(String host, Step step, double at) {
        journal.append(new JournalEntry.StepStarted(t(at), host, step.name()));
        return this;
    }

    public JournalScript finished(String host, Step step, double at, boolean ok, String message) {
        String version = switch (step) {
            case PREFLIGHT, ROLLBACK -> FROM;
            case HEALTH_GATE -> ok ? TO : "";
            default -> "";
        };
        long rows = step == Step.INVENTORY || step == Step.VERIFY || step == Step.ROLLBACK ? ROWS : -1;
        journal.append(new JournalEntry.StepFinished(t(at), host, step.name(), ok, message, version, rows, false));
        return this;
    }

    /** Runs the forward steps from {@code from} to {@code to} (inclusive), all ok; returns the end time. */
    public double forward(String host, double at, Step from, Step to) {
        for (int i = SCRIPTED.indexOf(from); i <= SCRIPTED.indexOf(to); i++) {
            Step step = SCRIPTED.get(i);
            started(host, step, at);
            at += TOOK[i];
            finished(host, step, at, true, step == Step.VERIFY ? "2 tables, " + ROWS + " rows" : "");
        }
        return at;
    }

    /** A whole migration from {@code at}, with its host_finished; returns the end time. */
    public double migrate(String host, double at) {
        double end = forward(host, at, Step.PREFLIGHT, Step.VERIFY);
        hostFinished(host, end, "migrated", TO, ROWS, "");
        return end;
    }

    public JournalScript hostFinished(String host, double at, String status, String versionAfter, Long rowsAfter,
            String message) {
        boolean started = !"not_started".equals(status);
        journal.append(new JournalEntry.HostFinished(t(at), host, status, started ? FROM : "", versionAfter,
                started ? ROWS : null, rowsAfter, message, "failed".equals(status), false));
        return this;
    }

    public JournalScript resumed(double at) {
        journal.append(new JournalEntry.RunResumed(t(at), false));
        return this;
    }

    public JournalScript runFinished(double at, boolean interrupted) {
        journal.append(new JournalEntry.RunFinished(t(at), interrupted));
        return this;
    }

    public List<JournalEntry> entries() {
        return RunJournal.read(journal.file());
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Journals of the four runs the tests share. */
    public static final class Runs {
        private Runs() {}

        /** db-1 in wave 1, then db-2 and db-3: all migrated. */
        public static void clean(Path dir) {
            try (JournalScript s = new JournalScript(dir)) {
                s.runStarted("r-clean", List.of("db-1", "db-2", "db-3"), List.of(List.of("db-1"), List.of("db-2", "db-3")));
                s.wave(0, 1, List.of("db-1"));
                double end = s.migrate("db-1", 0);
                s.wave(end, 2, List.of("db-2", "db-3"));
                s.migrate("db-2", end);
                double last = s.migrate("db-3", end + 1);
                s.runFinished(last, false);
            }
        }

        /**
         * db-1 migrated; beside it db-2's health gate fails (15.5 to 25.5) and its rollback takes
         * 25.5 to 31.5; db-3 is not started (the failure threshold was reached).
         */
        public static void rolledBack(Path dir, String db2Message) {
            try (JournalScript s = new JournalScript(dir)) {
                s.runStarted("r-back", List.of("db-1", "db-2", "db-3"), List.of(List.of("db-1", "db-2"), List.of("db-3")));
                s.migrate("db-1", 0);
                double at = s.forward("db-2", 0, Step.PREFLIGHT, Step.START);
                s.started("db-2", Step.HEALTH_GATE, at).finished("db-2", Step.HEALTH_GATE, at + 10, false,
                        "version 9.2.2 not reported after 10s");
                s.started("db-2", Step.ROLLBACK, at + 10).finished("db-2", Step.ROLLBACK, at + 16, true, "");
                s.hostFinished("db-2", at + 16, "rolled_back", FROM, ROWS, db2Message);
                s.hostFinished("db-3", at + 16, "not_started", "", null, "");
                s.runFinished(at + 16, false);
            }
        }

        /**
         * The coordinator dies during db-2's swap: db-1 migrated (0 to 21), db-2 stopped at 28.3 and
         * its swap started at 31.3 (the last entry), db-3 never started; no run_finished.
         */
        public static void crashed(Path dir) {
            try (JournalScript s = new JournalScript(dir)) {
                crashedPart(s);
            }
        }

        private static void crashedPart(JournalScript s) {
            s.runStarted("r-crash", List.of("db-1", "db-2", "db-3"), List.of(List.of("db-1"), List.of("db-2", "db-3")));
            double end = s.migrate("db-1", 0);
            double at = s.forward("db-2", end, Step.PREFLIGHT, Step.STOP);
            s.started("db-2", Step.SWAP, at);
        }

        /**
         * The crashed run, resumed at 100: db-2's swap runs again (100 to 100.2), then start, health
         * gate (to 109.2) and verify; db-3 migrates from 120 to 141.
         */
        public static void resumed(Path dir) {
            try (JournalScript s = new JournalScript(dir)) {
                crashedPart(s);
                s.resumed(100);
                double end = s.forward("db-2", 100, Step.SWAP, Step.VERIFY);
                s.hostFinished("db-2", end, "migrated", TO, ROWS, "");
                double last = s.migrate("db-3", 120);
                s.runFinished(last, false);
            }
        }
    }
}
