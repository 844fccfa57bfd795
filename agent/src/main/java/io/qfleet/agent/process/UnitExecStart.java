package io.qfleet.agent.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ExecStart systemd runs for a unit, read from {@code systemctl cat}: the unit file, then its
 * drop-ins in the order systemd applies them. In {@code [Service]}, an empty {@code ExecStart=}
 * clears what came before, which is how a drop-in replaces the command; lines ending in a
 * backslash continue on the next one.
 */
final class UnitExecStart {
    private UnitExecStart() {
    }

    /** The command of the last ExecStart left standing (a {@code Type=exec} unit has exactly one). */
    static Optional<String> effective(String catOutput) {
        List<String> execStarts = new ArrayList<>();
        boolean service = false;
        for (String line : logicalLines(catOutput)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            if (text.startsWith("[")) {
                service = text.equals("[Service]");
                continue;
            }
            int eq = text.indexOf('=');
            if (!service || eq < 0 || !text.substring(0, eq).strip().equals("ExecStart")) {
                continue;
            }
            String value = text.substring(eq + 1).strip();
            if (value.isEmpty()) {
                execStarts.clear();
            } else {
                execStarts.add(value);
            }
        }
        return execStarts.isEmpty() ? Optional.empty() : Optional.of(execStarts.get(execStarts.size() - 1));
    }

    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            boolean comment = pending.length() == 0 && (line.strip().startsWith("#") || line.strip().startsWith(";"));
            if (!comment && line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            lines.add(pending.toString());
            pending.setLength(0);
        }
        return lines;
    }
}
