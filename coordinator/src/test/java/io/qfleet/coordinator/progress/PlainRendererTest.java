package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.workflow.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PlainRendererTest {

    final FakeClock clock = new FakeClock(RunScript.START);
    final StringWriter text = new StringWriter();
    final PlainRenderer renderer = new PlainRenderer(new PrintWriter(text), clock);

    @Test
    void printsOneLinePerEventAndSummaryTable() {
        RunScript.play(renderer, clock);

        assertEquals(List.of(
                "21:58:03 run r-42 started: 2 hosts, target 9.2.2",
                "21:58:03 db-1   upload       started",
                "21:58:03 db-1   upload       0 B / 31.2 MiB (0%)",
                "21:58:04 db-1   upload       12.0 MiB / 31.2 MiB (38%)",
                "21:58:04 db-1   upload       31.2 MiB / 31.2 MiB (100%)",
                "21:58:04 db-1   upload       ok in 1.2s",
                "21:58:04 db-12  health gate  started",
                "21:58:04 db-12  health gate  3/10 tables, waiting for tables",
                "21:58:04 db-12  health gate  7/10 tables, waiting for tables",
                "21:58:07 db-12  health gate  FAILED in 3.4s: timeout after 120s | 3 tables suspended",
                "21:58:07 db-1   result       migrated, 8.1.4 -> 9.2.2, rows 2000000 -> 2000000",
                "21:58:07 db-12  result       FAILED, 8.1.4 -> ?, rows 1500 -> ?: health gate: timeout after 120s",
                "21:58:07 run finished: 1 migrated, 1 failed",
                "host   status    version         rows                message",
                "db-1   migrated  8.1.4 -> 9.2.2  2000000 -> 2000000",
                "db-12  failed    8.1.4 -> ?      1500 -> ?           health gate: timeout after 120s"),
                text.toString().lines().toList());
    }

    @Test
    void formatsAmountsAndDurations() {
        assertEquals("512 B", PlainRenderer.bytes(512));
        assertEquals("1.5 KiB", PlainRenderer.bytes(1536));
        assertEquals("2.0 GiB", PlainRenderer.bytes(2L << 30));
        assertEquals("1200/3000 rows", PlainRenderer.progress("", 1200, 3000, "rows"));
        assertEquals("42 tables", PlainRenderer.progress(null, 42, 0, "tables"));
        assertEquals("copying conf", PlainRenderer.progress("copying conf", 0, 0, ""));
        assertEquals("0.0s", PlainRenderer.duration(Duration.ZERO));
        assertEquals("2m05s", PlainRenderer.duration(Duration.ofSeconds(125)));
        assertEquals("1h02m", PlainRenderer.duration(Duration.ofSeconds(3725)));
    }

    @Test
    void neverThrows() {
        renderer.runStarted("r-1", null, "9.2.2");
        renderer.stepStarted(null, Step.STAGE);
        renderer.stepFinished("db-1", null, true, null, null);
        renderer.hostFinished(null);
        renderer.runFinished(null);

        assertEquals("", text.toString());
    }

    /**
     * Lines reach the stream as they are rendered, through a buffered writer that only flush empties:
     * alone, and from many threads at once, where only the last of a burst flushes.
     */
    @Test
    void everyLineIsFlushedWithoutALaterEvent() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        PlainRenderer buffered = new PlainRenderer(new PrintWriter(stream, false), clock);

        buffered.stepStarted("db-1", Step.STOP);
        assertEquals("21:58:03 db-1  stop         started\n", stream.toString(StandardCharsets.UTF_8));

        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String host = "h-" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    buffered.stepStarted(host, Step.STOP);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(1 + threads * each, stream.toString(StandardCharsets.UTF_8).lines().count());
    }
}
