package io.qfleet.coordinator.progress;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;

/** A {@link Screen} that keeps every frame drawn on it; thread-safe, its size can change like a resized terminal. */
final class RecordingScreen implements Screen {

    private final List<Frame> frames = new ArrayList<>();
    private Size size;
    private boolean closed;
    private boolean failing;

    RecordingScreen(int columns, int rows) {
        this.size = new Size(columns, rows);
    }

    synchronized void resize(int columns, int rows) {
        size = new Size(columns, rows);
    }

    /** Every later draw throws, like a terminal gone away. */
    synchronized void fail() {
        failing = true;
    }

    @Override
    public synchronized Size size() {
        return size;
    }

    @Override
    public synchronized void draw(List<AttributedString> permanent, List<AttributedString> live) {
        if (failing) {
            throw new IllegalStateException("terminal gone");
        }
        frames.add(new Frame(List.copyOf(permanent), List.copyOf(live), size));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    synchronized Frame last() {
        return frames.get(frames.size() - 1);
    }

    /** Every permanent line drawn so far, in order, as plain text. */
    synchronized List<String> permanentText() {
        return frames.stream().flatMap(f -> f.permanent().stream()).map(AttributedString::toString).toList();
    }

    synchronized boolean closed() {
        return closed;
    }

    /** One draw call, and the size the screen had then. */
    record Frame(List<AttributedString> permanent, List<AttributedString> live, Size size) {
        List<String> liveText() {
            return live.stream().map(AttributedString::toString).toList();
        }
    }
}
