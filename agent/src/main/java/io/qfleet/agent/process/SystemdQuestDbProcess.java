package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.AgentException.Kind;
import io.qfleet.agent.files.WriteAllowList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * QuestDB run by a systemd unit. Units run it with {@code Restart=always} (QUESTDB.md, "systemd"),
 * so a signal to the process only gets it restarted: every stop and start goes through
 * {@code systemctl}, and the unit's {@code MainPID} is the server. Stops are bounded; on timeout the
 * step fails and the agent kills nothing (what systemd does then is the unit's TimeoutStopSec).
 */
public final class SystemdQuestDbProcess implements QuestDbProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** After {@code systemctl stop} returned: how long the old main process may take to be gone. */
    private static final Duration GONE_MIN = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 100;

    private final Systemctl systemctl;
    private final SystemdDropIn dropIn;
    private final Path root;

    public SystemdQuestDbProcess(Path systemctlExecutable, String unit, Path dropInDir, Path root, WriteAllowList allowList) {
        this.systemctl = new Systemctl(systemctlExecutable, unit);
        this.dropIn = new SystemdDropIn(dropInDir, systemctl, allowList);
        this.root = requireNonNull(root, "root");
    }

    @Override
    public Optional<Long> runningPid() {
        Optional<Long> main = state().runningPid();
        return main.isPresent() ? main : ProcessFinder.findQuestDb(root).map(ProcessHandle::pid);
    }

    @Override
    public void requireStopped(String before) {
        UnitState state = state();
        if (state.runningPid().isPresent()) {
            throw AgentException.failedPrecondition("questdb_running", "QuestDB is running (pid " + state.mainPid() + ", unit "
                    + unit() + "); stop it before " + before);
        }
        if (!state.settled()) {
            throw AgentException.failedPrecondition("questdb_running", "unit " + unit() + " is " + state.activeState() + " ("
                    + state.subState() + ") and may start QuestDB by itself; stop it before " + before);
        }
        requireNoServerOutsideUnit(before);
    }

    @Override
    public long start(Path jar, Path runtimeJava, String main) {
        requireStopped("starting it through " + unit());
        Systemctl.Result started;
        try {
            started = systemctl.run(List.of("start", unit()), START_TIMEOUT);
        } catch (Systemctl.TimedOut e) {
            throw AgentException.failedPrecondition("questdb_start_failed", e.getMessage() + "; see journalctl -u " + unit());
        }
        if (!started.ok()) {
            throw AgentException.failedPrecondition("questdb_start_failed", "systemctl start " + unit() + " failed (exit "
                    + started.exitCode() + "): " + started.oneLine() + "; see journalctl -u " + unit());
        }
        UnitState state = state();
        return state.runningPid().orElseThrow(() -> AgentException.failedPrecondition("questdb_start_failed", "unit " + unit()
                + " started but has no main process (" + state.describe() + ", last exit status " + state.execMainStatus()
                + "); see journalctl -u " + unit()));
    }

    @Override
    public StopResult stop(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        UnitState before = state();
        long begin = System.nanoTime();
        Systemctl.Result stopped;
        try {
            stopped = systemctl.run(List.of("stop", unit()), timeout);
        } catch (Systemctl.TimedOut e) {
            throw new AgentException(Kind.FAILED_PRECONDITION, "stop_timeout", "unit " + unit() + " did not stop within "
                    + timeout.toSeconds() + "s (" + e.getMessage() + "); the agent kills nothing: see journalctl -u " + unit()
                    + ", stop it by hand or raise the timeout", false, null);
        }
        systemctl.requireOk(stopped);
        UnitState after = awaitGone(before.mainPid(), timeout.minusNanos(System.nanoTime() - begin));
        requireNoServerOutsideUnit("the next step");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        boolean wasRunning = !before.settled();
        Integer exitCode = before.mainPid() > 0 && after.execMainPid() == before.mainPid() ? after.execMainStatus() : null;
        return new StopResult(wasRunning, exitCode, millis);
    }

    @Override
    public Optional<Integer> exitCodeIfExited() {
        UnitState state = state();
        return state.mainPid() == 0 && state.execMainPid() > 0 ? Optional.of(state.execMainStatus()) : Optional.empty();
    }

    @Override
    public String outputLocation() {
        return "the journal of " + unit() + " (journalctl -u " + unit() + ")";
    }

    /**
     * Before a start of {@code main}: when the unit launches the Open Source main and {@code main}
     * is Enterprise's, writes the drop-in with the Enterprise ExecStart and reloads systemd.
     *
     * @return what changed, for the operation's events
     */
    @Override
    public Optional<String> prepareLaunch(String main) {
        if (!EditionExecStart.ENTERPRISE_MAIN.equals(main)) {
            return Optional.empty();
        }
        String execStart = UnitExecStart.effective(systemctl.cat()).orElseThrow(() -> AgentException.failedPrecondition(
                "unit_without_exec_start", "unit " + unit() + " has no ExecStart= in [Service] (systemctl cat " + unit() + ")"));
        if (!EditionExecStart.namesOssMain(execStart)) {
            return Optional.empty();
        }
        dropIn.write(EditionExecStart.enterprise(execStart));
        return Optional.of("unit " + unit() + " launches " + EditionExecStart.OSS_MAIN + ": wrote " + dropIn.file()
                + " with an ExecStart for " + EditionExecStart.ENTERPRISE_MAIN + " and reloaded systemd");
    }

    @Override
    public Optional<String> revertLaunch() {
        return dropIn.remove() ? Optional.of("removed " + dropIn.file() + " and reloaded systemd") : Optional.empty();
    }

    private String unit() {
        return systemctl.unit();
    }

    private UnitState state() {
        UnitState state = UnitState.of(systemctl.show(UnitState.PROPERTIES));
        if (!state.loaded()) {
            throw AgentException.failedPrecondition("unit_not_found", "unit " + unit() + " is not loaded (LoadState="
                    + state.loadState() + "); set questdb.unit to the unit that runs QuestDB on this host");
        }
        return state;
    }

    /** Polls until the unit has no main process and {@code oldPid} has exited. */
    private UnitState awaitGone(long oldPid, Duration remaining) {
        Duration bound = remaining.compareTo(GONE_MIN) < 0 ? GONE_MIN : remaining;
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            UnitState state = state();
            boolean oldGone = oldPid <= 0 || ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true);
            if (state.mainPid() == 0 && oldGone) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw AgentException.failedPrecondition("stop_unconfirmed", "systemctl stop " + unit() + " returned but "
                        + (oldGone ? "the unit still has a main process (" + state.describe() + ")" : "pid " + oldPid
                        + " is still alive") + " after " + bound.toSeconds() + "s; the agent kills nothing: see journalctl -u " + unit());
            }
            sleep();
        }
    }

    private void requireNoServerOutsideUnit(String before) {
        Optional<ProcessHandle> stray = ProcessFinder.findQuestDb(root);
        if (stray.isPresent()) {
            throw AgentException.failedPrecondition("questdb_outside_unit", "QuestDB pid " + stray.get().pid() + " serves " + root
                    + " but is not run by unit " + unit() + "; stop it by hand before " + before);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.aborted("interrupted", "interrupted while waiting for QuestDB to stop");
        }
    }
}
