package io.qfleet.coordinator.report;

import io.qfleet.coordinator.journal.JournalEntry;
import io.qfleet.coordinator.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link RunReport} by replaying journal entries in order; one use per instance. */
final class JournalReplay {

    private final List<JournalEntry> entries;
    private final Map<String, HostTrack> hosts = new LinkedHashMap<>();
    private final List<Instant> resumes = new ArrayList<>();
    /** Per segment (the first run, then one per resume): the latest time of its entries. */
    private final List<Instant> segmentEnds = new ArrayList<>();
    private JournalEntry.RunStarted runStarted;
    private RunState state = RunState.INCOMPLETE;
    private Instant finished;

    JournalReplay(List<JournalEntry> entries) {
        this.entries = entries;
    }

    RunReport report() {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("empty journal (expected: a run_started entry first)");
        }
        Instant lastEntry = null;
        Instant segmentEnd = null;
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry entry = entries.get(i);
            if (entry == null || entry.time() == null) {
                throw new IllegalArgumentException("entry " + (i + 1) + ": no time");
            }
            if (entry instanceof JournalEntry.RunResumed) {
                segmentEnds.add(segmentEnd == null ? entry.time() : segmentEnd);
                segmentEnd = null;
            }
            segmentEnd = later(segmentEnd, entry.time());
            lastEntry = later(lastEntry, entry.time());
        }
        segmentEnds.add(segmentEnd);
        for (int i = 0; i < entries.size(); i++) {
            try {
                replay(entries.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (runStarted == null) {
            throw new IllegalArgumentException("no run_started entry");
        }
        List<HostReport> reports = new ArrayList<>();
        for (HostTrack host : hosts.values()) {
            reports.add(host.report(segmentEnds, lastEntry));
        }
        return new RunReport(runStarted.runId() == null ? "" : runStarted.runId(), runStarted.fleetFile(),
                runStarted.targetVersion(), runStarted.time(), finished, lastEntry, state, resumes, reports,
                Totals.of(reports));
    }

    private void replay(JournalEntry entry) {
        if (entry instanceof JournalEntry.RunStarted started) {
            started(started);
        } else if (entry instanceof JournalEntry.RunResumed resumed) {
            resumes.add(resumed.time());
            state = RunState.INCOMPLETE;
            finished = null;
        } else if (entry instanceof JournalEntry.WaveStarted wave) {
            for (String name : nullToEmpty(wave.hosts())) {
                host(name).wave = wave.wave();
            }
        } else if (entry instanceof JournalEntry.StepStarted step) {
            host(step.host()).started(step(step.step()), step.time(), resumes.size());
        } else if (entry instanceof JournalEntry.StepFinished step) {
            host(step.host()).finished(step(step.step()), step, resumes.size());
        } else if (entry instanceof JournalEntry.HostFinished outcome) {
            HostState.ofLabel(outcome.status());
            host(outcome.host()).outcome = outcome;
        } else if (entry instanceof JournalEntry.RollbackRequested) {
            state = RunState.INCOMPLETE; // a finished run goes on with the operator's rollback
            finished = null;
        } else if (entry instanceof JournalEntry.RunFinished end) {
            state = end.interrupted() ? RunState.INTERRUPTED : RunState.FINISHED;
            finished = end.time();
        }
    }

    private void started(JournalEntry.RunStarted started) {
        if (runStarted != null) {
            return; // one run per journal: a second run_started adds nothing the first did not say
        }
        runStarted = started;
        nullToEmpty(started.hosts()).forEach(this::host);
        List<List<String>> waves = nullToEmpty(started.waves());
        for (int i = 0; i < waves.size(); i++) {
            for (String name : nullToEmpty(waves.get(i))) {
                host(name).wave = i + 1;
            }
        }
    }

    private HostTrack host(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("no host name");
        }
        return hosts.computeIfAbsent(name, HostTrack::new);
    }

    /** {@code Step.name()} as journalled ("HEALTH_GATE"); its label ("health gate") is accepted too. */
    static Step step(String name) {
        for (Step step : Step.values()) {
            if (step.name().equals(name) || step.label().equals(name)) {
                return step;
            }
        }
        throw new IllegalArgumentException("unknown step '" + name + "'");
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** What the journal said about one host so far. */
    private static final class HostTrack {
        final String name;
        final List<Attempt> attempts = new ArrayList<>();
        int wave;
        JournalEntry.HostFinished outcome;

        HostTrack(String name) {
            this.name = name;
        }

        void started(Step step, Instant time, int segment) {
            outcome = null; // a host retried after it finished is in progress again
            attempts.add(new Attempt(step, count(step) + 1, time, segment));
        }

        void finished(Step step, JournalEntry.StepFinished entry, int segment) {
            Attempt open = null;
            for (Attempt attempt : attempts) {
                if (attempt.step == step && attempt.finished == null) {
                    open = attempt;
                }
            }
            if (open == null) { // its step_started was lost: the attempt starts when it ends
                open = new Attempt(step, count(step) + 1, entry.time(), segment);
                attempts.add(open);
            }
            open.finished = entry.time();
            open.ok = entry.ok();
            open.message = entry.message();
            open.version = entry.version();
            open.rows = entry.rows();
        }

        private int count(Step step) {
            return (int) attempts.stream().filter(a -> a.step == step).count();
        }

        HostReport report(List<Instant> segmentEnds, Instant lastEntry) {
            List<StepAttempt> steps = new ArrayList<>();
            for (Attempt attempt : attempts) {
                steps.add(attempt.toStepAttempt(segmentEnds.get(attempt.segment)));
            }
            HostState state = outcome != null ? HostState.ofLabel(outcome.status())
                    : steps.isEmpty() ? HostState.NOT_STARTED : HostState.IN_PROGRESS;
            Instant pointOfNoReturn = steps.stream().filter(s -> s.step().pointOfNoReturn())
                    .map(StepAttempt::started).findFirst().orElse(null);
            HostFinished known = outcome == null ? HostFinished.NONE : HostFinished.of(outcome);
            return new HostReport(name, wave, state,
                    first(known.versionBefore, lastVersion(steps, Step.PREFLIGHT)),
                    first(known.versionAfter, lastVersion(steps, Step.HEALTH_GATE, Step.ROLLBACK, Step.ROLLBACK_FROM_BACKUP)),
                    known.rowsBefore != null ? known.rowsBefore : lastRows(steps, Step.INVENTORY),
                    known.rowsAfter != null ? known.rowsAfter : lastRows(steps, Step.VERIFY, Step.ROLLBACK, Step.ROLLBACK_FROM_BACKUP),
                    known.message, outcome != null ? known.afterPointOfNoReturn : pointOfNoReturn != null,
                    known.unreachable, pointOfNoReturn, downtime(steps, lastEntry), steps);
        }

        /** From the first stop's start to the end of the first health gate or rollback that passed after it. */
        static Downtime downtime(List<StepAttempt> steps, Instant lastEntry) {
            StepAttempt stop = steps.stream().filter(s -> s.step() == Step.STOP).findFirst().orElse(null);
            if (stop == null) {
                return null;
            }
            StepAttempt back = null;
            for (StepAttempt s : steps) {
                boolean serves = (s.step() == Step.HEALTH_GATE || s.step().rollback()) && s.ok()
                        && !s.finished().isBefore(stop.started());
                if (serves && (back == null || s.finished().isBefore(back.finished()))) {
                    back = s;
                }
            }
            if (back == null) {
                return new Downtime(stop.started(), null, null, nonNegative(Duration.between(stop.started(), lastEntry)));
            }
            return new Downtime(stop.started(), back.finished(), back.step(),
                    Duration.between(stop.started(), back.finished()));
        }

        private static Duration nonNegative(Duration duration) {
            return duration.isNegative() ? Duration.ZERO : duration;
        }

        private static String lastVersion(List<StepAttempt> steps, Step... from) {
            String version = "";
            for (StepAttempt s : steps) {
                if (s.ok() && !s.version().isEmpty() && List.of(from).contains(s.step())) {
                    version = s.version();
                }
            }
            return version;
        }

        private static Long lastRows(List<StepAttempt> steps, Step... from) {
            Long rows = null;
            for (StepAttempt s : steps) {
                if (s.ok() && s.rows() >= 0 && List.of(from).contains(s.step())) {
                    rows = s.rows();
                }
            }
            return rows;
        }

        private static String first(String known, String derived) {
            return known == null || known.isEmpty() ? derived : known;
        }
    }

    /** The outcome fields of a {@code host_finished}, empty when there is none. */
    private record HostFinished(String versionBefore, String versionAfter, Long rowsBefore, Long rowsAfter,
            String message, boolean afterPointOfNoReturn, boolean unreachable) {
        static final HostFinished NONE = new HostFinished("", "", null, null, "", false, false);

        static HostFinished of(JournalEntry.HostFinished e) {
            return new HostFinished(e.versionBefore(), e.versionAfter(), e.rowsBefore(), e.rowsAfter(), e.message(),
                    e.afterPointOfNoReturn(), e.unreachable());
        }
    }

    /** A step attempt while the journal is replayed. */
    private static final class Attempt {
        final Step step;
        final int number;
        final Instant started;
        final int segment;
        Instant finished;
        boolean ok;
        String message = "";
        String version = "";
        long rows = -1;

        Attempt(Step step, int number, Instant started, int segment) {
            this.step = step;
            this.number = number;
            this.started = started;
            this.segment = segment;
        }

        StepAttempt toStepAttempt(Instant segmentEnd) {
            StepResult result = finished == null ? StepResult.UNFINISHED : ok ? StepResult.OK : StepResult.FAILED;
            Instant lastSeen = finished != null ? finished : segmentEnd.isBefore(started) ? started : segmentEnd;
            return new StepAttempt(step, number, started, finished, lastSeen, result, message, version, rows);
        }
    }
}
