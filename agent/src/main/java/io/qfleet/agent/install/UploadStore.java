package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content-addressed, resumable uploads of distribution tarballs. A file arrives in {@code dir} as
 * {@code <sha256>.partial}; once its size is reached and its SHA-256 matches it is renamed to
 * {@code <sha256>-<fileName>}. Nothing else is written, so the directory listing is the state and
 * an agent restart loses nothing: {@link #status} and {@link #open} pick the partial file up again.
 *
 * <p>Thread-safe. At most one session per SHA-256 is open at a time; a second one is refused as
 * ABORTED until the first is closed, so the gRPC adapter must close its session when its stream
 * ends, fails or is cancelled.
 */
public final class UploadStore {
    private final Path dir;
    private final long maxBytes;
    private final Set<String> receiving = ConcurrentHashMap.newKeySet();

    public UploadStore(Path dir, long maxBytes) {
        requireNonNull(dir, "dir");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        this.dir = dir.toAbsolutePath();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw AgentException.internal("upload_dir_unusable", "upload dir " + this.dir + ": " + e, e);
        }
    }

    /** Never changes anything; an unknown SHA-256 reports 0 bytes, not complete. */
    public UploadStatus status(String sha256) {
        requireNonNull(sha256, "sha256");
        UploadNames.requireSha256(sha256);
        try {
            Optional<Path> done = findCompleted(sha256);
            if (done.isPresent()) {
                return new UploadStatus(sha256, Files.size(done.get()), true);
            }
            Path partial = partialFile(sha256);
            long received = Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) ? Files.size(partial) : 0;
            return new UploadStatus(sha256, received, false);
        } catch (IOException e) {
            throw AgentException.internal("upload_io", "upload " + sha256 + ": " + e, e);
        }
    }

    /**
     * Starts or resumes an upload. The session of an upload that is already complete reports
     * complete at once. The caller must close the session.
     */
    public UploadSession open(String fileName, long size, String sha256) {
        requireNonNull(fileName, "fileName");
        requireNonNull(sha256, "sha256");
        UploadNames.requireSha256(sha256);
        UploadNames.requireFileName(fileName);
        if (size <= 0) {
            throw AgentException.invalidArgument("bad_size", "upload " + fileName + ": size " + size + " (expected: > 0)");
        }
        if (size > maxBytes) {
            throw AgentException.invalidArgument("upload_too_large",
                    "upload " + fileName + ": size " + size + " bytes (expected: <= " + maxBytes + ")");
        }
        if (!receiving.add(sha256)) {
            throw AgentException.aborted("upload_in_progress",
                    "upload " + sha256 + " is already being received by another stream; retry when it ends");
        }
        Runnable release = () -> receiving.remove(sha256);
        try {
            Optional<Path> done = findCompleted(sha256);
            if (done.isPresent()) {
                requireSameSize(fileName, size, Files.size(done.get()), done.get());
                release.run();
                return UploadSession.completed(fileName, sha256, size);
            }
            Path partial = partialFile(sha256);
            long received = Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) ? Files.size(partial) : 0;
            if (received > size) {
                requireSameSize(fileName, size, received, partial);
            }
            requireFreeSpace(fileName, size - received);
            return UploadSession.resume(fileName, sha256, size, partial,
                    dir.resolve(sha256 + "-" + fileName), release);
        } catch (IOException e) {
            release.run();
            throw AgentException.internal("upload_io", "upload " + fileName + ": " + e, e);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** The complete file of an upload, for the stage step to unpack. */
    public Path completedFile(String sha256) {
        requireNonNull(sha256, "sha256");
        UploadNames.requireSha256(sha256);
        try {
            return findCompleted(sha256).orElseThrow(() -> AgentException.notFound("upload_not_found",
                    "no complete upload with SHA-256 " + sha256 + " in " + dir + "; upload it first"));
        } catch (IOException e) {
            throw AgentException.internal("upload_io", "upload " + sha256 + ": " + e, e);
        }
    }

    /**
     * The files an upload of {@code sha256} holds (complete or partial), for finalize to remove once
     * the run no longer needs them; empty when there are none.
     */
    public java.util.List<Path> filesOf(String sha256) {
        requireNonNull(sha256, "sha256");
        UploadNames.requireSha256(sha256);
        try {
            java.util.List<Path> files = new java.util.ArrayList<>();
            findCompleted(sha256).ifPresent(files::add);
            Path partial = partialFile(sha256);
            if (Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS)) {
                files.add(partial);
            }
            return files;
        } catch (IOException e) {
            throw AgentException.internal("upload_io", "upload " + sha256 + ": " + e, e);
        }
    }

    private Path partialFile(String sha256) {
        return dir.resolve(sha256 + ".partial");
    }

    private Optional<Path> findCompleted(String sha256) throws IOException {
        // The SHA-256 is validated hex, so it is safe inside a glob.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, sha256 + "-*")) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static void requireSameSize(String fileName, long size, long stored, Path file) {
        if (stored != size) {
            throw AgentException.invalidArgument("upload_size_mismatch", "upload " + fileName + ": size " + size
                    + " but " + file.getFileName() + " already holds " + stored + " bytes for that SHA-256");
        }
    }

    private void requireFreeSpace(String fileName, long remaining) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < remaining) {
            throw AgentException.resourceExhausted("disk_full", "upload " + fileName + " needs " + remaining
                    + " more bytes but " + dir + " has " + free + " bytes free");
        }
    }
}
