/**
 * The end-of-run report, rebuilt from the run journal alone: {@link io.qfleet.coordinator.report.RunReport}
 * (pure: what each host went through, its downtime window, fleet totals) and its renderers,
 * {@link io.qfleet.coordinator.report.TextReport} (the summary an operator reads first),
 * {@link io.qfleet.coordinator.report.JsonReport} (one document for scripts) and
 * {@link io.qfleet.coordinator.report.HtmlReport} (one self-contained page with a per-host timeline).
 * {@link io.qfleet.coordinator.report.ReportWriter} writes all three beside the journal.
 */
package io.qfleet.coordinator.report;
