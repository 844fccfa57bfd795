package io.qfleet.coordinator.progress;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.TerminalBuilder.SystemOutput;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.Signals;

/**
 * A {@link Screen} on a JLine terminal. JLine reads the terminal's capabilities (terminfo), so
 * colours and cursor moves are the ones this terminal understands, none on a terminal without
 * colours; {@link Display} redraws the live region by diffing it against the last frame, so a
 * frame where only a number changed sends a few bytes. Permanent lines are printed the way
 * JLine's own line reader prints above its prompt: clear the region, print, redraw it. The
 * cursor rests on the row below the region, so anything else written to the terminal (and the
 * shell prompt after Ctrl-C) starts on a fresh line. A resize (SIGWINCH) is picked up at the
 * next frame.
 */
final class TerminalScreen implements Screen {

    private static final Size FALLBACK = new Size(80, 24);

    private final Terminal terminal;
    private final Display display;
    private final Object previousWinch;
    private volatile boolean resized = true;
    private Size size = FALLBACK;

    TerminalScreen(Terminal terminal, boolean nativeWinch) {
        this.terminal = requireNonNull(terminal, "terminal");
        this.display = new Display(terminal, false);
        terminal.handle(Signal.WINCH, signal -> resized = true);
        this.previousWinch = nativeWinch ? Signals.register("WINCH", () -> resized = true) : null;
    }

    /**
     * The terminal on this process's stdout, or null when stdout is not one JLine can drive (a
     * pipe, a file, a dumb terminal).
     */
    static TerminalScreen openSystem() {
        Terminal terminal = null;
        try {
            terminal = TerminalBuilder.builder()
                    .system(true)
                    .systemOutput(SystemOutput.SysOut)
                    .nativeSignals(false)   // leave SIGINT to the JVM: Ctrl-C still runs shutdown hooks
                    .graphemeCluster(false) // no probe written to the terminal, no reply to wait for
                    .dumb(true)             // no warning when there is no terminal: we check the type
                    .build();
            String type = terminal.getType();
            if (type == null || type.startsWith(Terminal.TYPE_DUMB)) {
                terminal.close();
                return null;
            }
            return new TerminalScreen(terminal, true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(terminal);
            return null;
        }
    }

    @Override
    public Size size() {
        if (resized) {
            resized = false;
            org.jline.terminal.Size now = terminal.getSize();
            size = now == null || now.getColumns() <= 0 || now.getRows() <= 0
                    ? FALLBACK : new Size(now.getColumns(), now.getRows());
            display.resize(org.jline.terminal.Size.of(size.columns(), size.rows()));
        }
        return size;
    }

    @Override
    public void draw(List<AttributedString> permanent, List<AttributedString> live) {
        if (!permanent.isEmpty()) {
            display.update(List.of(), 0, false);
            for (AttributedString line : permanent) {
                terminal.writer().print(line.toAnsi(terminal));
                terminal.writer().print('\n');
            }
        }
        List<AttributedString> rows = new ArrayList<>();
        for (AttributedString line : live) {
            rows.add(AttributedString.join(AttributedString.EMPTY, LiveLines.fit(line, size.columns()),
                    AttributedString.NEWLINE));
        }
        if (rows.isEmpty()) {
            display.update(List.of(), 0, false);
        } else {
            rows.add(AttributedString.EMPTY); // the cursor's row
            display.update(rows, live.size() * (size.columns() + 1), false);
        }
        terminal.flush();
    }

    @Override
    public void close() {
        if (previousWinch != null) {
            Signals.unregister("WINCH", previousWinch);
        }
        terminal.flush();
        closeQuietly(terminal);
    }

    private static void closeQuietly(Terminal terminal) {
        if (terminal == null) {
            return;
        }
        try {
            terminal.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do with a terminal that will not close
        }
    }
}
