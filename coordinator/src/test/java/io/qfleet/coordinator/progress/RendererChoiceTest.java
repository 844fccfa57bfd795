package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qfleet.coordinator.progress.RendererChoice.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RendererChoiceTest {

    static final Environment TERMINAL = new Environment(true, null, "xterm-256color");

    final FakeClock clock = new FakeClock(RunScript.START);
    final PrintWriter out = new PrintWriter(new StringWriter());
    int screensOpened;
    final Supplier<Screen> screens = () -> {
        screensOpened++;
        return new RecordingScreen(80, 24);
    };

    @Test
    void liveOnlyInAnInteractiveTerminalThatAllowsIt() {
        assertEquals(LiveRenderer.class, text(TERMINAL, true));
        assertEquals(LiveRenderer.class, text(new Environment(true, "", "screen"), true), "NO_COLOR empty counts as unset");

        assertEquals(PlainRenderer.class, text(new Environment(false, null, "xterm-256color"), true), "not a terminal");
        assertEquals(PlainRenderer.class, text(new Environment(true, "1", "xterm-256color"), true), "NO_COLOR set");
        assertEquals(PlainRenderer.class, text(new Environment(true, null, "dumb"), true), "TERM=dumb");
        assertEquals(PlainRenderer.class, text(new Environment(true, null, null), true), "no TERM");
        assertEquals(PlainRenderer.class, text(TERMINAL, false), "--no-live");
        assertEquals(2, screensOpened, "a screen is opened only when the live view is allowed");
    }

    @Test
    void jsonWhateverTheTerminal() {
        assertEquals(JsonLinesRenderer.class,
                RendererChoice.choose(true, true, out, clock, TERMINAL, screens).getClass());
        assertEquals(JsonLinesRenderer.class,
                RendererChoice.choose(true, true, out, clock, new Environment(false, "1", "dumb"), screens).getClass());
        assertEquals(0, screensOpened);
    }

    @Test
    void plainWhenTheTerminalCannotBeOpenedAfterAll() {
        ProgressListener renderer = RendererChoice.choose(false, true, out, clock, TERMINAL, () -> null);
        assertEquals(PlainRenderer.class, renderer.getClass());
    }

    @Test
    void plainForThisProcessWhoseStdoutIsNotATerminal() {
        // surefire runs tests with stdin and stdout on pipes: System.console() is null
        assertFalse(Environment.current().allowsLiveView());
        assertEquals(PlainRenderer.class, RendererChoice.choose(false, true, out, clock).getClass());
    }

    private Class<?> text(Environment environment, boolean live) {
        return RendererChoice.choose(false, live, out, clock, environment, screens).getClass();
    }
}
