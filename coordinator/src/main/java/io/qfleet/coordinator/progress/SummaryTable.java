package io.qfleet.coordinator.progress;

import io.qfleet.coordinator.workflow.HostSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-host table printed at the end of a run, columns separated by two spaces:
 * <pre>
 * host  status    version         rows                message
 * db-1  migrated  8.1.4 -> 9.2.2  2000000 -> 2000000
 * </pre>
 * Unknown values print as "?".
 */
final class SummaryTable {

    private static final List<String> HEADER = List.of("host", "status", "version", "rows", "message");

    private SummaryTable() {}

    static List<String> lines(List<HostSummary> hosts) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (HostSummary host : hosts) {
            rows.add(List.of(host.name(), host.status().label(),
                    change(host.versionBefore(), host.versionAfter()),
                    change(host.rowsBefore(), host.rowsAfter()),
                    PlainRenderer.oneLine(host.message())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == 0 ? "" : "  ").append(PlainRenderer.pad(row.get(i), widths[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** "8.1.4 -> 9.2.2", with "?" for an unknown side. */
    static String change(Object before, Object after) {
        return known(before) + " -> " + known(after);
    }

    private static String known(Object value) {
        return value == null || value.toString().isEmpty() ? "?" : value.toString();
    }
}
