package io.qfleet.agent.process;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import io.qfleet.agent.files.WriteAllowList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's one drop-in for the QuestDB unit, {@code <drop_in_dir>/qfleet-edition.conf}: it
 * replaces ExecStart (an empty {@code ExecStart=} first, then the new command) instead of editing
 * the operator's unit file, and goes away when the swap is reverted. Written atomically; systemd
 * reads it only after {@code daemon-reload}, which follows every change.
 */
final class SystemdDropIn {
    static final String FILE_NAME = "qfleet-edition.conf";

    private final Path file;
    private final Systemctl systemctl;
    private final WriteAllowList allowList;

    SystemdDropIn(Path dropInDir, Systemctl systemctl, WriteAllowList allowList) {
        this.file = requireNonNull(dropInDir, "dropInDir").resolve(FILE_NAME);
        this.systemctl = requireNonNull(systemctl, "systemctl");
        this.allowList = requireNonNull(allowList, "allowList");
    }

    Path file() {
        return file;
    }

    /** Writes the drop-in with {@code execStart} as the unit's command and reloads systemd. */
    void write(String execStart) {
        requireNonNull(execStart, "execStart");
        if (execStart.isBlank() || execStart.contains("\n") || execStart.contains("\r")) {
            throw new IllegalArgumentException("execStart: one non-blank line expected");
        }
        String content = "# Written by qfleet-agent: the unit's ExecStart for the edition the install dir now holds.\n"
                + "# Removed (and systemd reloaded) when the swap is reverted.\n"
                + "[Service]\n"
                + "ExecStart=\n"
                + "ExecStart=" + execStart + "\n";
        allowList.require(file, "systemd drop-in");
        try {
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AgentException.failedPrecondition("drop_in_failed", "cannot write " + file + " for unit " + systemctl.unit()
                    + ": " + e.getMessage());
        }
        systemctl.daemonReload();
    }

    /** Removes the drop-in and reloads systemd; false when there was none. */
    boolean remove() {
        allowList.require(file, "systemd drop-in");
        try {
            if (!Files.deleteIfExists(file)) {
                return false;
            }
            AtomicFiles.forceDirectory(file.getParent());
        } catch (IOException e) {
            throw AgentException.failedPrecondition("drop_in_failed", "cannot remove " + file + " for unit " + systemctl.unit()
                    + ": " + e.getMessage());
        }
        systemctl.daemonReload();
        return true;
    }
}
