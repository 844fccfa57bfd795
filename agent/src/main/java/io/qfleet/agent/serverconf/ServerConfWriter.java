package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.files.AtomicFiles;
import io.qfleet.agent.questdb.Edition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link ServerConfEdit} to QuestDB's {@code conf/server.conf}: guarded, atomic, the previous
 * file kept beside it as {@code server.conf.qfleet-<yyyyMMdd-HHmmss>} (in the clock's zone).
 */
public final class ServerConfWriter {
    static final String BACKUP_INFIX = ".qfleet-";
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * What a write did.
     *
     * @param written  false when the edit changed nothing, so the file was not touched
     * @param previous the kept copy of the file as it was, when there was one and it was replaced
     * @param summary  {@link ServerConfEdit#describeChanges()}, safe to log
     */
    public record Result(boolean written, Optional<Path> previous, String summary) {
        public Result {
            requireNonNull(previous, "previous");
            requireNonNull(summary, "summary");
        }
    }

    private ServerConfWriter() {
    }

    /** {@link #write(Path, ServerConfEdit, Edition, Clock)} with the system clock in UTC, as the agent runs. */
    public static Result write(Path confFile, ServerConfEdit edit, Edition installedEdition) {
        return write(confFile, edit, installedEdition, Clock.systemUTC());
    }

    /**
     * Writes {@code edit} to {@code confFile}, in this order:
     * <ol>
     *   <li>refuses (FAILED_PRECONDITION {@code enterprise_key_on_open_source}, or
     *       {@code enterprise_key_edition_unknown} when the edition is not known) to write any
     *       Enterprise-only key ({@link EnterpriseKeys}) unless the installed binaries are Enterprise;
     *       keys already in the file and left alone by the edit are not its business
     *       ({@link #stripEnterpriseKeys} removes them);</li>
     *   <li>refuses (ABORTED {@code server_conf_changed}) when the file no longer holds what the edit
     *       started from, rather than overwrite someone else's change;</li>
     *   <li>does nothing when the edit changes nothing;</li>
     *   <li>keeps the current file as {@code server.conf.qfleet-<stamp>} (written atomically), then
     *       replaces the file through {@link AtomicFiles}; both have the current file's POSIX permissions
     *       from the moment their temp file exists.</li>
     * </ol>
     * Messages name keys, never values.
     */
    public static Result write(Path confFile, ServerConfEdit edit, Edition installedEdition, Clock clock) {
        requireNonNull(confFile, "confFile");
        requireNonNull(edit, "edit");
        requireNonNull(installedEdition, "installedEdition");
        requireNonNull(clock, "clock");
        requireEditionAllows(edit, installedEdition);
        byte[] current = readIfExists(confFile);
        byte[] expected = edit.original().text().getBytes(StandardCharsets.ISO_8859_1);
        if (!Arrays.equals(current == null ? new byte[0] : current, expected)) {
            throw AgentException.aborted("server_conf_changed",
                    confFile + " changed since it was read for this edit; read it again and redo the edit");
        }
        if (!edit.changed()) {
            return new Result(false, Optional.empty(), edit.describeChanges());
        }
        byte[] content = edit.bytes();
        try {
            Optional<PosixFileAttributes> attributes = posixAttributes(confFile);
            Optional<Path> previous = Optional.empty();
            if (current != null) {
                Path backup = backupPath(confFile, clock);
                write(backup, current, attributes);
                previous = Optional.of(backup);
            }
            write(confFile, content, attributes);
            return new Result(true, previous, edit.describeChanges());
        } catch (IOException e) {
            throw AgentException.internal("server_conf_write_failed", "cannot write " + confFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Undoes {@code written}: the kept copy's bytes back in {@code confFile} (atomically, with the file's
     * permissions), or the file removed when that write created it. The kept copy stays where it is.
     */
    public static void putBack(Path confFile, Result written) {
        requireNonNull(confFile, "confFile");
        requireNonNull(written, "written");
        if (!written.written()) {
            return;
        }
        try {
            if (written.previous().isPresent()) {
                write(confFile, Files.readAllBytes(written.previous().get()), posixAttributes(confFile));
            } else {
                Files.deleteIfExists(confFile);
            }
        } catch (IOException e) {
            throw AgentException.internal("server_conf_write_failed", "cannot put " + confFile + " back as it was: " + e.getMessage(), e);
        }
    }

    /**
     * For a rollback to OSS: removes every Enterprise-only key wherever it is defined, which drops the
     * qfleet block too once it holds nothing else. Returns {@code edit}.
     */
    public static ServerConfEdit stripEnterpriseKeys(ServerConfEdit edit) {
        requireNonNull(edit, "edit");
        EnterpriseKeys.enterpriseOnly(edit.keys()).forEach(edit::remove);
        return edit;
    }

    /**
     * The guard of {@link #write} on its own, for a caller that must refuse before it changes
     * anything else (the swap checks it before its renames).
     */
    public static void requireEditionAllows(ServerConfEdit edit, Edition edition) {
        if (edition == Edition.ENTERPRISE) {
            return;
        }
        List<String> enterprise = EnterpriseKeys.enterpriseOnly(edit.writtenKeys());
        if (enterprise.isEmpty()) {
            return;
        }
        String keys = String.join(", ", enterprise);
        if (edition == Edition.OPEN_SOURCE) {
            throw AgentException.failedPrecondition("enterprise_key_on_open_source", "not writing Enterprise-only server.conf keys ("
                    + keys + ") while the installed QuestDB is Open Source: with config.validation.strict=true it would exit 55;"
                    + " write them after the swap to Enterprise binaries");
        }
        throw AgentException.failedPrecondition("enterprise_key_edition_unknown", "not writing Enterprise-only server.conf keys ("
                + keys + ") while the installed QuestDB edition is unknown: Open Source would exit 55 on them");
    }

    private static byte[] readIfExists(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw AgentException.internal("server_conf_unreadable", "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code server.conf.qfleet-20260102-030405}, with {@code -2}, {@code -3}... if two writes share a second. */
    static Path backupPath(Path confFile, Clock clock) {
        String base = confFile.getFileName() + BACKUP_INFIX + LocalDateTime.now(clock).format(BACKUP_STAMP);
        Path candidate = confFile.resolveSibling(base);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = confFile.resolveSibling(base + "-" + n);
        }
        return candidate;
    }

    private static Optional<PosixFileAttributes> posixAttributes(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null || !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(view.readAttributes());
    }

    /** With the current file's mode from the start: server.conf may hold passwords, never umask-readable. */
    private static void write(Path target, byte[] content, Optional<PosixFileAttributes> attributes) throws IOException {
        if (attributes.isPresent()) {
            AtomicFiles.write(target, content, attributes.get().permissions());
        } else {
            AtomicFiles.write(target, content);
        }
    }
}
