package io.qfleet.coordinator.report;

/** The page's inline CSS and the timeline legend: constants, no journal text. */
final class HtmlStyle {

    static final String CSS = """
            body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2125;
                   margin: 24px auto; max-width: 1180px; padding: 0 16px; }
            h1 { font-size: 22px; margin: 0 0 12px; }
            h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d5d8dc; padding-bottom: 4px; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
            dl.facts dt { color: #5f6b76; } dl.facts dd { margin: 0; }
            .totals { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
            .total { border: 1px solid #d5d8dc; border-left-width: 5px; border-radius: 4px; padding: 6px 12px;
                     min-width: 90px; color: #5f6b76; }
            .total b { display: block; font-size: 20px; color: #1d2125; }
            .total.state-migrated { border-left-color: #3c9a5f; } .total.state-failed { border-left-color: #d64541; }
            .total.state-rolled_back { border-left-color: #e0a030; } .total.state-not_started { border-left-color: #a0a4a8; }
            .total.state-in_progress { border-left-color: #3f6fd8; }
            table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
            th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #e3e5e8; vertical-align: top; }
            th { background: #f4f5f7; font-weight: 600; }
            tr.first td { border-top: 2px solid #c9ccd0; }
            td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
            td { overflow-wrap: anywhere; }
            small { color: #5f6b76; }
            .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600;
                     color: #fff; background: #a0a4a8; white-space: nowrap; }
            .badge.state-migrated, .badge.run-finished { background: #3c9a5f; }
            .badge.state-failed { background: #d64541; } .badge.state-rolled_back { background: #c98a12; }
            .badge.state-in_progress, .badge.run-incomplete { background: #3f6fd8; }
            .badge.run-interrupted { background: #c98a12; }
            .result-ok { color: #2e7d4a; font-weight: 600; } .result-failed { color: #c0392b; font-weight: 600; }
            .result-unfinished { color: #5f6b76; font-weight: 600; }
            .legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 4px 0 8px; color: #5f6b76; font-size: 13px; }
            .legend i { display: inline-block; width: 18px; height: 11px; vertical-align: -1px; margin-right: 5px;
                        border-radius: 2px; }
            .scroll { overflow-x: auto; border: 1px solid #e3e5e8; border-radius: 4px; }
            svg.timeline { display: block; font-size: 12px; }
            svg .host { font-size: 13px; fill: #1d2125; } svg .tick { fill: #5f6b76; font-size: 11px; }
            svg .bar { fill: #fff; font-size: 10.5px; pointer-events: none; }
            svg .state-migrated { fill: #3c9a5f; } svg .state-failed { fill: #d64541; }
            svg .state-rolled_back { fill: #e0a030; } svg .state-not_started { fill: #c9ccd0; }
            svg .state-in_progress { fill: #3f6fd8; }
            details { margin: 4px 0; } summary { cursor: pointer; padding: 3px 0; }
            footer { margin-top: 28px; color: #5f6b76; font-size: 12px; }
            """;

    static final String LEGEND = "<div class=\"legend\">"
            + "<span><i style=\"background:" + Timeline.OK + "\"></i>step ok</span>"
            + "<span><i style=\"background:" + Timeline.FAILED + "\"></i>step failed</span>"
            + "<span><i style=\"background:" + Timeline.UNFINISHED + "\"></i>no result (run stopped)</span>"
            + "<span><i style=\"background:" + Timeline.DOWNTIME + "\"></i>downtime</span>"
            + "<span><i style=\"background:repeating-linear-gradient(45deg," + Timeline.DOWNTIME + " 0 4px,#e79b92 4px 6px)\">"
            + "</i>downtime, not back</span>"
            + "<span>&#9660; point of no return (start)</span>"
            + "<span><i style=\"border-left:2px dashed #6a4fb3;width:0;border-radius:0\"></i>resumed</span>"
            + "</div>\n";

    private HtmlStyle() {}
}
