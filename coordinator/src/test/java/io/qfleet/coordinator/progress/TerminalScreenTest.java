package io.qfleet.coordinator.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The JLine side against a virtual xterm (no real terminal): what bytes reach the terminal. */
class TerminalScreenTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void permanentLinesOnceLiveRegionRedrawnAndCut() throws IOException {
        Terminal terminal = terminal("xterm-256color", 40, 12);
        TerminalScreen screen = new TerminalScreen(terminal, false);
        assertEquals(new Screen.Size(40, 12), screen.size());

        screen.draw(List.of(new AttributedString("db-1  stage  FAILED", LiveLines.BAD)),
                List.of(new AttributedString("db-2  upload  " + "x".repeat(60)), new AttributedString("fleet: 1 left")));
        screen.draw(List.of(), List.of(new AttributedString("db-2  upload  done"), new AttributedString("fleet: 1 left")));
        screen.draw(List.of(new AttributedString("db-2  result  migrated")), List.of());
        screen.close();

        String written = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, count(written, "db-1  stage  FAILED"), written);
        assertTrue(written.contains("\u001b[31mdb-1  stage  FAILED"), "failure in red: " + written);
        assertTrue(written.contains("db-2  upload  " + "x".repeat(25)), written);
        assertFalse(written.contains("x".repeat(26)), "a live line is cut to 39 columns: " + written);
        assertTrue(written.contains("done"), "the second frame changes only what differs: " + written);
        assertTrue(written.indexOf("db-2  result  migrated") > written.lastIndexOf("done"), written);
        assertEquals(1, count(written, "fleet: 1 left"), "an unchanged line is not sent again: " + written);
    }

    @Test
    void resizeIsReadAtTheNextFrame() throws IOException {
        Terminal terminal = terminal("xterm-256color", 40, 12);
        TerminalScreen screen = new TerminalScreen(terminal, false);
        assertEquals(new Screen.Size(40, 12), screen.size());

        terminal.setSize(Size.of(100, 30));
        assertEquals(new Screen.Size(40, 12), screen.size(), "no WINCH yet");
        terminal.raise(Terminal.Signal.WINCH);
        assertEquals(new Screen.Size(100, 30), screen.size());
        screen.close();
    }

    private Terminal terminal(String type, int columns, int rows) throws IOException {
        return TerminalBuilder.builder()
                .system(false)
                .streams(new ByteArrayInputStream(new byte[0]), bytes)
                .type(type)
                .encoding(StandardCharsets.UTF_8)
                .size(Size.of(columns, rows))
                .build();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
