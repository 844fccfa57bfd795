package io.qfleet.coordinator.report;

import static io.qfleet.coordinator.report.Html.escape;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-host timeline as inline SVG: one row per host, one bar per step attempt coloured by its
 * result, the downtime window shaded behind them (hatched while open), the point of no return as
 * a black tick with a triangle, resumes as dashed lines, long idle stretches cut short
 * ({@link TimeScale}). Every bar has a {@code <title>} tooltip.
 */
final class Timeline {

    static final String OK = "#3c9a5f";
    static final String FAILED = "#d64541";
    static final String UNFINISHED = "#a0a4a8";
    static final String DOWNTIME = "#f6c9c4";

    private static final int LABEL_WIDTH = 170;
    private static final int CHART_WIDTH = 960;
    private static final int RIGHT_MARGIN = 20;
    private static final int TOP = 28;
    private static final int ROW = 30;
    private static final int BAR = 16;
    private static final int MAX_NAME = 22;
    private static final double CHAR_WIDTH = 6.4;
    private static final double MIN_TICK_GAP = 62;
    private static final double GAP_LABEL_HALF = TimeScale.GAP_WIDTH / 2;
    private static final long[] TICKS_MS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
        120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
        86_400_000};

    private final RunReport report;
    private final TimeScale scale;
    private final StringBuilder svg = new StringBuilder();

    private Timeline(RunReport report) {
        this.report = report;
        Instant to = report.lastEntry();
        List<Instant[]> busy = new ArrayList<>();
        for (HostReport host : report.hosts()) {
            for (StepAttempt step : host.steps()) {
                to = step.lastSeen().isAfter(to) ? step.lastSeen() : to;
                busy.add(new Instant[] {step.started(), step.lastSeen()});
            }
        }
        this.scale = TimeScale.of(report.started(), to, busy, LABEL_WIDTH, CHART_WIDTH);
    }

    static String svg(RunReport report) {
        return new Timeline(report).render();
    }

    private String render() {
        List<HostReport> hosts = report.hosts();
        int height = TOP + Math.max(1, hosts.size()) * ROW + 8;
        int width = LABEL_WIDTH + CHART_WIDTH + RIGHT_MARGIN;
        svg.append("<svg class=\"timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"per-host timeline\">\n")
                .append("<defs><pattern id=\"open\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"").append(DOWNTIME)
                .append("\"/><rect width=\"3\" height=\"8\" fill=\"#e79b92\"/></pattern></defs>\n");
        for (int i = 0; i < hosts.size(); i++) {
            if (i % 2 == 1) {
                rect(0, TOP + i * ROW, width, ROW, "#f4f5f7", "");
            }
        }
        axis(height);
        for (int i = 0; i < hosts.size(); i++) {
            row(hosts.get(i), TOP + i * ROW);
        }
        for (Instant resume : report.resumes()) {
            double x = x(resume);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#6a4fb3\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>resumed at %s</title></line>%n",
                    x, TOP - 6, x, height - 4, escape(ReportFormat.dateTime(resume))));
        }
        return svg.append("</svg>").toString();
    }

    private void axis(int height) {
        long tick = TICKS_MS[TICKS_MS.length - 1];
        for (long candidate : TICKS_MS) {
            if (scale.linearMs() / candidate <= 8) {
                tick = candidate;
                break;
            }
        }
        double lastLabel = Double.NEGATIVE_INFINITY;
        List<TimeScale.Piece> pieces = scale.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            TimeScale.Piece piece = pieces.get(i);
            if (piece.gap()) {
                gap(piece, height);
                lastLabel = piece.x() + piece.width() / 2;
                continue;
            }
            double nextLabel = i + 1 < pieces.size() ? pieces.get(i + 1).x() + GAP_LABEL_HALF : Double.POSITIVE_INFINITY;
            for (long t = (piece.fromMs() + tick - 1) / tick * tick; t <= piece.toMs(); t += tick) {
                double x = scale.x(Instant.ofEpochMilli(t));
                if (x - lastLabel < MIN_TICK_GAP || nextLabel - x < MIN_TICK_GAP) {
                    continue;
                }
                lastLabel = x;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d5d8dc\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>%n",
                        x, TOP - 4, x, height - 4, x, TOP - 10, tickLabel(Instant.ofEpochMilli(t), tick)));
            }
        }
    }

    /** An idle stretch drawn narrow: a light band between two zigzags, its length on the axis. */
    private void gap(TimeScale.Piece piece, int height) {
        String idle = ReportFormat.duration(Duration.ofMillis(piece.toMs() - piece.fromMs()));
        svg.append(String.format(Locale.ROOT, "<g class=\"gap\"><title>nothing ran for %s (%s to %s)</title>"
                + "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#eceef1\"/>",
                idle, ReportFormat.time(Instant.ofEpochMilli(piece.fromMs())),
                ReportFormat.time(Instant.ofEpochMilli(piece.toMs())), piece.x(), TOP - 4, piece.width(), height - TOP));
        for (double edge : new double[] {piece.x() + 3, piece.x() + piece.width() - 3}) {
            StringBuilder zigzag = new StringBuilder(String.format(Locale.ROOT, "M%.1f %d", edge, TOP - 4));
            for (int y = TOP - 4, i = 0; y < height - 4; y += 6, i++) {
                zigzag.append(String.format(Locale.ROOT, " L%.1f %d", edge + (i % 2 == 0 ? 3 : -3), y + 6));
            }
            svg.append("<path d=\"").append(zigzag).append("\" fill=\"none\" stroke=\"#a0a4a8\"/>");
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text></g>%n",
                piece.x() + piece.width() / 2, TOP - 10, escape("+" + idle)));
    }

    private static String tickLabel(Instant time, long tickMs) {
        String label = ReportFormat.time(time);
        if (tickMs < 1_000) {
            label += String.format(Locale.ROOT, ".%d", time.toEpochMilli() % 1_000 / 100);
        }
        return label;
    }

    private void row(HostReport host, int y) {
        String name = host.name().length() > MAX_NAME ? host.name().substring(0, MAX_NAME - 1) + "\u2026" : host.name();
        svg.append("<text x=\"10\" y=\"").append(y + ROW / 2 + 4).append("\" class=\"host\">")
                .append("<title>").append(escape(host.name() + ": " + host.state().label())).append("</title>")
                .append(escape(name)).append("</text>");
        svg.append("<circle cx=\"").append(LABEL_WIDTH - 12).append("\" cy=\"").append(y + ROW / 2)
                .append("\" r=\"5\" class=\"state-").append(host.state().label()).append("\"/>\n");
        Downtime downtime = host.downtime();
        if (downtime != null) {
            Instant end = downtime.open() ? report.lastEntry() : downtime.end();
            double x1 = x(downtime.start());
            double x2 = Math.max(x(end), x1 + 2);
            String title = "downtime " + (downtime.open() ? ">=" : "") + ReportFormat.duration(downtime.duration())
                    + " from " + ReportFormat.time(downtime.start())
                    + (downtime.open() ? ", not back" : " to " + ReportFormat.time(downtime.end()) + " (end of "
                    + downtime.endedBy().label() + ")");
            rect(x1, y + 2, x2 - x1, ROW - 4, downtime.open() ? "url(#open)" : DOWNTIME, title);
        }
        for (StepAttempt step : host.steps()) {
            bar(host, step, y);
        }
        if (host.pointOfNoReturn() != null) {
            double x = x(host.pointOfNoReturn());
            svg.append("<g class=\"pnr\"><title>").append(escape("point of no return: start at "
                    + ReportFormat.time(host.pointOfNoReturn()))).append("</title><line x1=\"");
            tenths(x).append("\" y1=\"").append(y + 4).append("\" x2=\"");
            tenths(x).append("\" y2=\"").append(y + ROW - 3).append("\" stroke=\"#111\" stroke-width=\"2\"/><path d=\"M");
            tenths(x).append(' ').append(y + 9).append(" l-5 -7 h10 z\" fill=\"#111\"/></g>\n");
        }
    }

    private void bar(HostReport host, StepAttempt step, int rowY) {
        double x1 = x(step.started());
        double x2 = Math.max(x(step.lastSeen()), x1 + 2);
        int y = rowY + (ROW - BAR) / 2;
        String fill = switch (step.result()) {
            case OK -> OK;
            case FAILED -> FAILED;
            case UNFINISHED -> UNFINISHED;
        };
        String title = host.name() + " " + step.step().label() + (step.attempt() > 1 ? " (attempt " + step.attempt() + ")" : "")
                + ": " + step.result().label() + ", " + ReportFormat.time(step.started()) + " to "
                + (step.finished() == null ? "?" : ReportFormat.time(step.finished()) + " ("
                + ReportFormat.duration(step.duration()) + ")")
                + (step.message().isEmpty() ? "" : ", " + ReportFormat.oneLine(step.message()));
        svg.append("<rect x=\"");
        tenths(x1).append("\" y=\"").append(y).append("\" width=\"");
        tenths(x2 - x1).append("\" height=\"").append(BAR).append("\" fill=\"").append(fill)
                .append("\" stroke=\"#fff\" stroke-width=\"1\"")
                .append(step.result() == StepResult.UNFINISHED ? " stroke-dasharray=\"3 2\"" : "")
                .append("><title>").append(escape(title)).append("</title></rect>");
        String label = step.step().label();
        if ((x2 - x1) > label.length() * CHAR_WIDTH + 6) {
            svg.append("<text x=\"");
            tenths((x1 + x2) / 2).append("\" y=\"").append(y + BAR - 4).append("\" class=\"bar\" text-anchor=\"middle\">")
                    .append(escape(label)).append("</text>");
        }
        svg.append('\n');
    }

    private void rect(double x, int y, double width, int height, String fill, String title) {
        svg.append("<rect x=\"");
        tenths(x).append("\" y=\"").append(y).append("\" width=\"");
        tenths(width).append("\" height=\"").append(height).append("\" fill=\"").append(fill).append("\">");
        if (!title.isEmpty()) {
            svg.append("<title>").append(escape(title)).append("</title>");
        }
        svg.append("</rect>\n");
    }

    private double x(Instant time) {
        return scale.x(time);
    }

    /**
     * Appends {@code value} with one decimal, rounded half up, without a Formatter: a thousand-host
     * report has tens of thousands of coordinates. What {@code %.1f} writes but for a value a hair
     * below a .x5 boundary, which may land on the other tenth (0.1 px); not finite counts as 0.
     */
    private StringBuilder tenths(double value) {
        return appendTenths(svg, value);
    }

    static StringBuilder appendTenths(StringBuilder out, double value) {
        if (!Double.isFinite(value)) {
            return out.append("0.0");
        }
        long tenths = Math.round(Math.abs(value) * 10);
        if (value < 0 && tenths != 0) {
            out.append('-');
        }
        return out.append(tenths / 10).append('.').append(tenths % 10);
    }
}
