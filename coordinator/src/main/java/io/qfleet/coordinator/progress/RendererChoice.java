package io.qfleet.coordinator.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Which renderer a command gets: {@link JsonLinesRenderer} for {@code --output json}; else the
 * {@link LiveRenderer} when the live view is wanted and the process runs in an interactive
 * terminal that may show it (see {@link Environment#allowsLiveView()}); else {@link PlainRenderer}.
 */
public final class RendererChoice {

    private RendererChoice() {}

    /** The renderer for this process, its real terminal and environment. */
    public static ProgressListener choose(boolean json, boolean live, PrintWriter out, Clock clock) {
        return choose(json, live, out, clock, Environment.current(), TerminalScreen::openSystem);
    }

    /** {@code screens} opens the live view's screen; it may answer null (no terminal after all). */
    static ProgressListener choose(boolean json, boolean live, PrintWriter out, Clock clock, Environment environment,
                                   Supplier<Screen> screens) {
        requireNonNull(out, "out");
        requireNonNull(clock, "clock");
        if (json) {
            return new JsonLinesRenderer(out, clock);
        }
        if (live && environment.allowsLiveView()) {
            Screen screen = screens.get();
            if (screen != null) {
                return new LiveRenderer(screen, clock, out, LiveRenderer.REFRESH);
            }
        }
        return new PlainRenderer(out, clock);
    }

    /**
     * What the choice depends on: whether stdin and stdout are a terminal ({@code System.console()
     * != null} on Java 17), {@code NO_COLOR} (https://no-color.org) and {@code TERM}.
     */
    record Environment(boolean interactive, String noColor, String term) {

        static Environment current() {
            return new Environment(System.console() != null, System.getenv("NO_COLOR"), System.getenv("TERM"));
        }

        /** Interactive, {@code NO_COLOR} unset or empty, and a {@code TERM} that is set and not {@code dumb}. */
        boolean allowsLiveView() {
            return interactive && (noColor == null || noColor.isEmpty())
                    && term != null && !term.isBlank() && !term.equals("dumb");
        }
    }
}
