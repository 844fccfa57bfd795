package io.qfleet.coordinator.progress;

import static java.util.Objects.requireNonNull;

import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The live view of a run in a terminal: one line per active host (step, bar, amount, speed,
 * ETA) and a fleet line, redrawn at most every {@link #REFRESH} by a daemon thread,
 * {@value #THREAD}. Finished steps and host results scroll above it as permanent lines in
 * {@link PlainRenderer}'s format, failures in red, so the scrollback keeps the story.
 *
 * <p>Callbacks only update state under a lock; the refresher alone talks to the {@link Screen}.
 * {@code runFinished} is the exception: it stops the refresher and draws the last frame (the
 * summary, no live region) before it returns, so what the command prints next comes after it.
 */
public final class LiveRenderer implements ProgressListener {

    static final Duration REFRESH = Duration.ofMillis(200);
    static final String THREAD = "qfleet-live-view";
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Screen screen;
    private final Clock clock;
    private final PrintWriter out;
    private final Duration refresh;
    private final Object lock = new Object();
    private final ReentrantLock drawLock = new ReentrantLock();

    // guarded by lock
    private final LiveBoard board = new LiveBoard();
    private final StringWriter captured = new StringWriter();
    private final PlainRenderer lines;
    private ScheduledExecutorService refresher;
    private boolean finished;

    // guarded by drawLock
    private boolean closed;

    /**
     * Draws on {@code screen}; {@code out} is the command's own writer, flushed before the first
     * frame so what the command printed before the run stays above it.
     */
    LiveRenderer(Screen screen, Clock clock, PrintWriter out, Duration refresh) {
        this.screen = requireNonNull(screen, "screen");
        this.clock = requireNonNull(clock, "clock");
        this.out = requireNonNull(out, "out");
        this.refresh = requireNonNull(refresh, "refresh");
        this.lines = new PlainRenderer(new PrintWriter(captured), clock);
    }

    @Override
    public void runStarted(String runId, List<String> hosts, String targetVersion) {
        safely(() -> {
            out.flush();
            synchronized (lock) {
                if (finished) {
                    return;
                }
                board.runStarted(List.copyOf(hosts), clock.instant());
                lines.runStarted(runId, hosts, targetVersion);
                keep(AttributedStyle.DEFAULT);
                if (refresher == null) {
                    refresher = Executors.newSingleThreadScheduledExecutor(LiveRenderer::daemon);
                    long millis = refresh.toMillis();
                    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    @Override
    public void waveStarted(int wave, int waves, List<String> hosts) {
        update(() -> board.waveStarted(wave, waves));
    }

    @Override
    public void stepStarted(String host, Step step) {
        update(() -> board.stepStarted(requireNonNull(host, "host"), requireNonNull(step, "step"), clock.instant()));
    }

    @Override
    public void stepProgress(String host, Step step, String message, long done, long total, String unit) {
        update(() -> board.stepProgress(host, step, message, done, total, unit, clock.instant()));
    }

    @Override
    public void stepFinished(String host, Step step, boolean ok, String message, Duration took) {
        update(() -> {
            board.stepFinished(requireNonNull(host, "host"), requireNonNull(step, "step"), ok);
            lines.stepFinished(host, step, ok, message, took);
            keep(ok ? AttributedStyle.DEFAULT : LiveLines.BAD);
        });
    }

    @Override
    public void hostFinished(HostSummary summary) {
        update(() -> {
            board.hostFinished(requireNonNull(summary, "summary"));
            lines.hostFinished(summary);
            keep(style(summary.status()));
        });
    }

    @Override
    public void runFinished(List<HostSummary> hosts) {
        safely(() -> {
            ScheduledExecutorService stopping;
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                stopping = refresher;
                refresher = null;
                board.runFinished();
                lines.runFinished(hosts); // never throws, prints nothing for null
                keep(AttributedStyle.DEFAULT);
            }
            if (stopping != null) {
                stop(stopping);
            }
            if (!tryDrawLock()) {
                return; // the terminal takes no output (XOFF): leave it rather than hang the command
            }
            try {
                drawFrame();
                closed = true;
                screen.close();
            } finally {
                drawLock.unlock();
            }
        });
    }

    /** Draws one frame now: what the refresher does every {@link #REFRESH}; tests call it directly. */
    void refresh() {
        safely(() -> {
            drawLock.lock();
            try {
                drawFrame();
            } finally {
                drawLock.unlock();
            }
        });
    }

    private void drawFrame() {
        if (closed) {
            return;
        }
        Screen.Size size = screen.size();
        LiveBoard.Frame frame;
        synchronized (lock) {
            frame = board.frame(size, clock.instant());
        }
        screen.draw(frame.permanent(), frame.live());
    }

    private void update(Runnable change) {
        safely(() -> {
            synchronized (lock) {
                if (!finished) {
                    change.run();
                }
            }
        });
    }

    /** Moves what the line renderer printed into the board's permanent lines, in {@code style}. */
    private void keep(AttributedStyle style) {
        String text = captured.toString();
        captured.getBuffer().setLength(0);
        board.print(text.lines().map(line -> new AttributedString(line, style)).toList());
    }

    private boolean tryDrawLock() {
        try {
            return drawLock.tryLock(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static AttributedStyle style(HostStatus status) {
        return switch (status) {
            case MIGRATED -> LiveLines.GOOD;
            case FAILED -> LiveLines.BAD;
            case ROLLED_BACK, NOT_STARTED -> LiveLines.WARN;
        };
    }

    private static void stop(ScheduledExecutorService refresher) {
        refresher.shutdown();
        try {
            if (!refresher.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                refresher.shutdownNow(); // a terminal that does not take output (XOFF) must not hang the run
            }
        } catch (InterruptedException e) {
            refresher.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, THREAD);
        thread.setDaemon(true);
        return thread;
    }

    private static void safely(Runnable render) {
        try {
            render.run();
        } catch (RuntimeException ignored) {
            // rendering never breaks a run
        }
    }
}
