package io.qfleet.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.journal.RunJournal;
import io.qfleet.coordinator.workflow.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    static final String NASTY = "<script>alert(\"pwned\")</script> & 'quoted'";

    @TempDir
    Path dir;

    String render() {
        return HtmlReport.render(RunReport.from(RunJournal.read(dir.resolve(RunJournal.FILE_NAME))));
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void escapesEveryStringFromTheJournal() {
        try (JournalScript s = new JournalScript(dir)) {
            s.runStarted("r-<u>", List.of("db-<em>1"), List.of(List.of("db-<em>1")));
            double at = s.forward("db-<em>1", 0, Step.PREFLIGHT, Step.START);
            s.started("db-<em>1", Step.HEALTH_GATE, at).finished("db-<em>1", Step.HEALTH_GATE, at + 1, false, NASTY);
            s.started("db-<em>1", Step.ROLLBACK, at + 1).finished("db-<em>1", Step.ROLLBACK, at + 2, true, "");
            s.hostFinished("db-<em>1", at + 2, "rolled_back", "8.1.4", 1L, NASTY);
            s.runFinished(at + 2, false);
        }
        String html = render();

        assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "raw script tag");
        assertFalse(html.contains("<u>") || html.contains("<em>"), "raw tag from a run id or host name");
        assertFalse(html.contains("'quoted'") || html.contains("\"pwned\""), "raw quotes from the journal");
        String escaped = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;";
        assertTrue(count(html, escaped) >= 4, "host message in hosts table and steps table, step message in "
                + "checks table, timeline tooltip");
        assertTrue(html.contains("<title>qfleet report: run r-&lt;u&gt;</title>"));
        assertTrue(html.contains("db-&lt;em&gt;1"));
    }

    @Test
    void isSelfContained() {
        JournalScript.Runs.resumed(dir);
        String html = render();

        for (String external : List.of("http://", "https://", "src=", "href=", "@import", "<link", "<script", "//cdn")) {
            assertFalse(html.toLowerCase(Locale.ROOT).contains(external), external);
        }
        Matcher urls = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (urls.find()) {
            assertTrue(urls.group(1).startsWith("#"), "url(" + urls.group(1) + ") is not in the page");
        }
        assertTrue(html.startsWith("<!DOCTYPE html>\n"));
        assertTrue(html.endsWith("</html>\n"));
        assertEquals(1, count(html, "<svg"));
        assertEquals(1, count(html, "</svg>"));
        assertEquals(1, count(html, "<style>"));
    }

    @Test
    void timelineHasABarPerStepAttemptDowntimeAndPointOfNoReturn() {
        JournalScript.Runs.resumed(dir);
        String svg = render().replaceAll("(?s).*(<svg.*</svg>).*", "$1");

        // db-1 and db-3: 9 steps each; db-2: 9 steps plus the first, unfinished swap
        assertEquals(28, count(svg, "stroke=\"#fff\" stroke-width=\"1\""));
        assertEquals(1, count(svg, "stroke-dasharray=\"3 2\""), "one unfinished attempt");
        assertEquals(3, count(svg, "<g class=\"pnr\">"));
        assertEquals(3, count(svg, "<title>downtime "));
        assertTrue(svg.contains("<title>downtime 1m20s from 03:00:28 to 03:01:49 (end of health gate)</title>"), svg);
        assertTrue(svg.contains("<title>db-2 swap (attempt 2): ok, 03:01:40 to 03:01:40 (0.2s)</title>"));
        assertEquals(1, count(svg, "<title>resumed at 2026-05-01 03:01:40 UTC</title>"));
    }

    @Test
    void openDowntimeIsHatchedAndInProgressHostSaysResumeNeeded() {
        JournalScript.Runs.crashed(dir);
        String html = render();

        assertTrue(html.contains("fill=\"url(#open)\"><title>downtime &gt;=3.0s from 03:00:28, not back</title>"));
        assertTrue(html.contains("<span class=\"badge state-in_progress\">in progress</span>"));
        assertTrue(html.contains("<i>unknown: resume needed</i>"));
        assertTrue(html.contains("<span class=\"badge run-incomplete\">incomplete</span>"));
    }
}
