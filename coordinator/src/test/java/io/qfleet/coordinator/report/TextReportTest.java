package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReportTest {

    @TempDir
    Path dir;

    List<String> lines() {
        return TextReport.render(RunReport.from(RunJournal.read(dir.resolve(RunJournal.FILE_NAME)))).lines().toList();
    }

    @Test
    void cleanRunIsAHeaderAndOneLinePerHost() {
        JournalScript.Runs.clean(dir);

        assertEquals(List.of(
                "run r-clean to 9.2.2: finished, 3 hosts: 3 migrated; downtime 36.6s total, longest 12.2s (db-1)",
                "started 2026-05-01 03:00:00 UTC, finished 2026-05-01 03:00:43 UTC (43.0s), fleet file fleet.yaml",
                "",
                "host  status    version         rows                downtime  message",
                "db-1  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000  12.2s",
                "db-2  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000  12.2s",
                "db-3  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000  12.2s"), lines());
    }

    @Test
    void problemsComeAfterTheHostsWithTheStepThatCausedThem() {
        JournalScript.Runs.rolledBack(dir, "back on the previous version,\n data verified");

        assertEquals(List.of(
                "run r-back to 9.2.2: finished, 3 hosts: 1 migrated, 1 rolled_back, 1 not_started; "
                        + "downtime 36.4s total, longest 24.2s (db-2)",
                "started 2026-05-01 03:00:00 UTC, finished 2026-05-01 03:00:31 UTC (31.5s), fleet file fleet.yaml",
                "",
                "host  status       version         rows                downtime  message",
                "db-1  migrated     8.1.4 -> 9.2.2  2000000 -> 2000000  12.2s",
                "db-2  rolled_back  8.1.4 -> 8.1.4  2000000 -> 2000000  24.2s     "
                        + "back on the previous version, | data verified",
                "db-3  not_started  ? -> ?          ? -> ?              -",
                "",
                "problems:",
                "db-2  rolled_back  health gate failed at 03:00:25: version 9.2.2 not reported after 10s; "
                        + "back on the previous version, | data verified",
                "not started: db-3"), lines());
    }

    @Test
    void crashedRunSaysResumeNeeded() {
        JournalScript.Runs.crashed(dir);

        assertEquals(List.of(
                "run r-crash to 9.2.2: incomplete, 3 hosts: 1 migrated, 1 in_progress, 1 not_started; "
                        + "downtime >=15.2s total, longest 12.2s (db-1)",
                "started 2026-05-01 03:00:00 UTC, no run_finished: the journal ends 2026-05-01 03:00:31 UTC "
                        + "(crashed or still running), fleet file fleet.yaml",
                "",
                "host  status       version         rows                downtime  message",
                "db-1  migrated     8.1.4 -> 9.2.2  2000000 -> 2000000  12.2s",
                "db-2  in_progress  8.1.4 -> ?      2000000 -> ?        >=3.0s",
                "db-3  not_started  ? -> ?          ? -> ?              -",
                "",
                "problems:",
                "db-2  in_progress  swap started at 03:00:31, no result; unknown, resume needed; "
                        + "down since 03:00:28, not back as far as the journal knows",
                "not started: db-3"), lines());
    }

    @Test
    void failedRollbackIsNamedAfterTheStepThatCausedIt() {
        try (JournalScript s = new JournalScript(dir)) {
            s.runStarted("r-open", List.of("db-1"), List.of(List.of("db-1")));
            double at = s.forward("db-1", 0, Step.PREFLIGHT, Step.SWAP);
            s.started("db-1", Step.START, at).finished("db-1", Step.START, at + 2, false, "exited with 1");
            s.started("db-1", Step.ROLLBACK, at + 2).finished("db-1", Step.ROLLBACK, at + 5, false, "old version exits");
            s.hostFinished("db-1", at + 5, "failed", "", null, "rollback failed: the host needs an operator");
            s.runFinished(at + 6, false);
        }

        List<String> lines = lines();
        assertEquals("db-1  failed  8.1.4 -> ?  2000000 -> ?  >=9.2s    rollback failed: the host needs an operator",
                lines.get(4));
        assertEquals("db-1  failed       start failed at 03:00:12: exited with 1; rollback failed at 03:00:15: "
                + "old version exits; rollback failed: the host needs an operator; down since 03:00:07, "
                + "not back as far as the journal knows", lines.get(lines.size() - 1));
    }

    @Test
    void resumedRunCountsResumes() {
        JournalScript.Runs.resumed(dir);

        List<String> lines = lines();
        assertEquals("run r-crash to 9.2.2: finished, 3 hosts: 3 migrated; downtime 1m45s total, longest 1m20s (db-2)",
                lines.get(0));
        assertEquals("started 2026-05-01 03:00:00 UTC, finished 2026-05-01 03:02:21 UTC (2m21s), resumed 1 time, "
                + "fleet file fleet.yaml", lines.get(1));
        assertEquals("db-2  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000  1m20s", lines.get(5));
        assertEquals(7, lines.size());
    }
}
