package io.qfleet.coordinator.progress;

import java.util.List;
import org.jline.utils.AttributedString;

/**
 * Where {@link LiveRenderer} draws: permanent lines that scroll up into the scrollback, and below
 * them a live region that each frame replaces. Only the renderer's drawing thread calls it, one
 * call at a time; {@link TerminalScreen} is the real one, tests record frames.
 */
interface Screen {

    /** Columns and rows now (a resize shows up here); never below 1. */
    Size size();

    /**
     * Prints {@code permanent} above the live region (they stay, in order), then replaces the
     * live region with {@code live}. Live lines already fit {@link #size()}; an implementation
     * still cuts longer ones rather than letting the terminal wrap them.
     */
    void draw(List<AttributedString> permanent, List<AttributedString> live);

    /** Leaves the cursor below the last permanent line, with no live region, and lets go of the terminal. */
    void close();

    /** A screen size in character cells. */
    record Size(int columns, int rows) {
        public Size {
            columns = Math.max(1, columns);
            rows = Math.max(1, rows);
        }
    }
}
