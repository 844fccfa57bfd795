package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jline.utils.AttributedCharSequence.ForceMode;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveRendererTest {

    static final long MIB = RunScript.MIB;
    static final Duration NEVER = Duration.ofHours(1); // tests draw frames themselves with refresh()

    final FakeClock clock = new FakeClock(RunScript.START);
    final RecordingScreen screen = new RecordingScreen(160, 40);
    final StringWriter commandOut = new StringWriter();
    LiveRenderer renderer = new LiveRenderer(screen, clock, new PrintWriter(commandOut), NEVER);

    @AfterEach
    void finish() {
        renderer.runFinished(List.of()); // stops the refresher if a test left it running
    }

    @Test
    void frameShowsActiveHostsWithBarSpeedEtaAndFleetLine() {
        renderer.runStarted("r-42", List.of("db-1", "db-12"), "9.2.2");
        renderer.waveStarted(1, 2, List.of("db-1", "db-12"));
        renderer.stepStarted("db-1", Step.UPLOAD);
        renderer.stepProgress("db-1", Step.UPLOAD, "", 0, 120 * MIB, "bytes");
        renderer.stepStarted("db-12", Step.HEALTH_GATE);
        renderer.stepProgress("db-12", Step.HEALTH_GATE, "waiting for tables", 3, 10, "tables");
        clock.advance(Duration.ofSeconds(1));
        renderer.stepProgress("db-1", Step.UPLOAD, "", 12 * MIB, 120 * MIB, "bytes");
        clock.advance(Duration.ofSeconds(1));
        renderer.stepProgress("db-1", Step.UPLOAD, "", 24 * MIB, 120 * MIB, "bytes");
        renderer.refresh();

        assertEquals(List.of(
                "db-1   upload       0:02  [===>                ]   20%  24.0 MiB / 120.0 MiB  12.0 MiB/s  ETA 0:08",
                "db-12  health gate  0:02  [=====>              ]   30%  3/10 tables  waiting for tables",
                "fleet: wave 1/2, 0 done, 0 failed, 0 rolled back, 2 left, elapsed 0:02"),
                screen.last().liveText());
        assertEquals(List.of("21:58:03 run r-42 started: 2 hosts, target 9.2.2"), screen.last().permanent().stream()
                .map(AttributedString::toString).toList());
    }

    @Test
    void finishedStepsAndResultsScrollAboveOnceAndFailuresAreRed() {
        RunScript.play(withoutRunFinished(renderer), clock);
        renderer.refresh();
        renderer.refresh();

        assertEquals(List.of(
                "21:58:03 run r-42 started: 2 hosts, target 9.2.2",
                "21:58:04 db-1   upload       ok in 1.2s",
                "21:58:07 db-12  health gate  FAILED in 3.4s: timeout after 120s | 3 tables suspended",
                "21:58:07 db-1   result       migrated, 8.1.4 -> 9.2.2, rows 2000000 -> 2000000",
                "21:58:07 db-12  result       FAILED, 8.1.4 -> ?, rows 1500 -> ?: health gate: timeout after 120s"),
                screen.permanentText());
        List<AttributedString> lines = screen.frames().get(0).permanent();
        assertFalse(ansi(lines.get(1)).contains("\u001b[31m"), ansi(lines.get(1)));
        assertTrue(ansi(lines.get(2)).startsWith("\u001b[31m"), ansi(lines.get(2)));
        assertTrue(ansi(lines.get(4)).startsWith("\u001b[31m"), ansi(lines.get(4)));
        assertEquals(List.of("fleet: 1 done, 1 failed, 0 rolled back, 0 left, elapsed 0:04"), screen.last().liveText(),
                "finished hosts leave the live region");
        assertTrue(screen.last().permanent().isEmpty(), "each permanent line is drawn once");
    }

    @Test
    void runFinishedPrintsSummaryClearsLiveRegionAndStopsRefresher() throws Exception {
        screen.resize(120, 30);
        renderer = new LiveRenderer(screen, clock, new PrintWriter(commandOut), Duration.ofMillis(10));
        renderer.runStarted("r-42", List.of("db-1"), "9.2.2");
        renderer.stepStarted("db-1", Step.STOP);
        awaitFrames(3);
        assertEquals(1, liveViewThreads(1));

        renderer.hostFinished(RunScript.DB_1);
        renderer.runFinished(List.of(RunScript.DB_1));

        assertEquals(0, liveViewThreads(0));
        assertTrue(screen.closed());
        assertEquals(List.of(), screen.last().live());
        List<String> text = screen.permanentText();
        assertEquals(List.of(
                "21:58:03 run finished: 1 migrated",
                "host  status    version         rows                message",
                "db-1  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000"), text.subList(text.size() - 3, text.size()));
        int frames = screen.frames().size();
        renderer.refresh();
        renderer.stepStarted("db-1", Step.VERIFY);
        assertEquals(frames, screen.frames().size(), "nothing is drawn after the run finished");
    }

    @Test
    void fleetLineCountsOutcomes() {
        renderer.runStarted("r-42", List.of("db-1", "db-2", "db-3", "db-4"), "9.2.2");
        renderer.stepStarted("db-4", Step.VERIFY);
        renderer.hostFinished(outcome("db-1", HostStatus.MIGRATED));
        renderer.hostFinished(outcome("db-2", HostStatus.ROLLED_BACK));
        renderer.hostFinished(outcome("db-3", HostStatus.NOT_STARTED));
        clock.advance(Duration.ofSeconds(3725));
        renderer.refresh();

        assertEquals(List.of(
                "db-4  verify       1:02:05",
                "fleet: 1 done, 0 failed, 1 rolled back, 1 not started, 1 left, elapsed 1:02:05"),
                screen.last().liveText());
        List<AttributedString> results = screen.last().permanent();
        assertTrue(ansi(results.get(1)).startsWith("\u001b[32m"), ansi(results.get(1)));
        assertTrue(ansi(results.get(2)).startsWith("\u001b[33m"), ansi(results.get(2)));
    }

    @Test
    void linesAreCutToTheScreenWidthAndFollowResizes() {
        screen.resize(40, 10);
        renderer.runStarted("r-42", List.of("db-1"), "9.2.2");
        renderer.stepStarted("db-1", Step.UPLOAD);
        renderer.stepProgress("db-1", Step.UPLOAD, "uploading questdb-9.2.2-no-jre-bin.tar.gz", 6 * MIB, 30 * MIB,
                "bytes");
        renderer.refresh();
        assertEquals(List.of(
                "db-1  upload       0:00   20%  6.0 MiB ",
                "fleet: 0 done, 0 failed, 0 rolled back,"),
                screen.last().liveText());

        screen.resize(100, 10);
        renderer.refresh();
        assertEquals("db-1  upload       0:00  [=>        ]   20%  6.0 MiB / 30.0 MiB  uploading questdb-9.2.2-no-jre-bin",
                screen.last().liveText().get(0));
        screen.last().live().forEach(line -> assertTrue(line.columnLength() <= 99, line.toString()));
    }

    @Test
    void hostsThatDoNotFitTheHeightAreCounted() {
        screen.resize(120, 5);
        List<String> hosts = List.of("db-1", "db-2", "db-3", "db-4", "db-5");
        renderer.runStarted("r-42", hosts, "9.2.2");
        hosts.forEach(host -> renderer.stepStarted(host, Step.PREFLIGHT));
        renderer.refresh();

        assertEquals(List.of(
                "db-1  preflight    0:00",
                "db-2  preflight    0:00",
                "+3 more hosts",
                "fleet: 0 done, 0 failed, 0 rolled back, 5 left, elapsed 0:00"),
                screen.last().liveText());
    }

    @Test
    void stalledTransferSaysSoAndLateProgressIsIgnored() {
        renderer.runStarted("r-42", List.of("db-1"), "9.2.2");
        renderer.stepStarted("db-1", Step.UPLOAD);
        renderer.stepProgress("db-1", Step.UPLOAD, "", 0, 10 * MIB, "bytes");
        clock.advance(Duration.ofSeconds(1));
        renderer.stepProgress("db-1", Step.UPLOAD, "", MIB, 10 * MIB, "bytes");
        clock.advance(Duration.ofSeconds(9));
        renderer.stepFinished("db-1", Step.STAGE, true, "", Duration.ZERO);          // not the current step
        renderer.stepProgress("db-1", Step.PREFLIGHT, "late", 1, 2, "tables");       // nor this
        renderer.refresh();

        assertEquals("db-1  upload       0:10  [=>                  ]   10%  1.0 MiB / 10.0 MiB  no progress for 0:09",
                screen.last().liveText().get(0));
    }

    @Test
    void flushesTheCommandsOwnOutputFirstAndNeverThrows() {
        PrintWriter out = new PrintWriter(commandOut);
        renderer = new LiveRenderer(screen, clock, out, NEVER);
        out.print("demo: fleet ready");
        renderer.runStarted("r-1", List.of("db-1"), "9.2.2");
        assertEquals("demo: fleet ready", commandOut.toString());

        renderer.stepStarted(null, Step.STAGE);
        renderer.stepProgress("db-1", null, null, -1, -1, null);
        renderer.stepFinished("db-1", null, true, null, null);
        renderer.hostFinished(null);
        screen.fail();
        renderer.refresh();
        renderer.runFinished(null);
        assertEquals(0, liveViewThreads(0));
    }

    private static ProgressListener withoutRunFinished(ProgressListener listener) {
        return new ProgressListener() {
            @Override
            public void runStarted(String runId, List<String> hosts, String targetVersion) {
                listener.runStarted(runId, hosts, targetVersion);
            }

            @Override
            public void stepStarted(String host, Step step) {
                listener.stepStarted(host, step);
            }

            @Override
            public void stepProgress(String host, Step step, String message, long done, long total, String unit) {
                listener.stepProgress(host, step, message, done, total, unit);
            }

            @Override
            public void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
                listener.stepFinished(host, step, ok, message, took);
            }

            @Override
            public void hostFinished(HostSummary summary) {
                listener.hostFinished(summary);
            }

            @Override
            public void runFinished(List<HostSummary> hosts) {}
        };
    }

    private void awaitFrames(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (screen.frames().size() < count) {
            assertTrue(Instant.now().isBefore(deadline), "the refresher drew " + screen.frames().size() + " frames");
            Thread.sleep(5);
        }
    }

    /** Refresher threads alive, waiting up to 2 s for the count to become {@code expected} (a thread just ending). */
    private static long liveViewThreads(long expected) {
        Instant deadline = Instant.now().plusSeconds(2);
        long count;
        do {
            count = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(LiveRenderer.THREAD) && t.isAlive()).count();
        } while (count != expected && Instant.now().isBefore(deadline) && pause());
        return count;
    }

    private static boolean pause() {
        try {
            Thread.sleep(5);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ansi(AttributedString line) {
        return line.toAnsi(256, ForceMode.None);
    }

    private static HostSummary outcome(String host, HostStatus status) {
        return new HostSummary(host, status, "8.1.4", "", null, null, "");
    }
}
