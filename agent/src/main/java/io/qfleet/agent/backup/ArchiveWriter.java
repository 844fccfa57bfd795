package io.qfleet.agent.backup;

import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes one archive file: tar through the compressor into a new file, fsync'd when closed. On any
 * failure the file is deleted, so a half-written archive never outlives the attempt.
 */
final class ArchiveWriter {
    private ArchiveWriter() {
    }

    static TarArchiver.Result write(Path file, List<TarArchiver.Source> sources, Predicate<Path> excluded,
            Compression compression, int level, int workers, String digestAlgorithm, ArchiveProgress listener)
            throws IOException {
        FileSink sink = FileSink.create(file);
        boolean done = false;
        try {
            TarArchiver.Result result;
            try (OutputStream compressed = compression.wrap(sink, level, workers)) {
                result = new TarArchiver(excluded, digestAlgorithm, listener).write(sources, compressed);
            }
            done = true;
            return result;
        } catch (IOException e) {
            throw diskFull(e, file).orElseThrow(() -> e);
        } finally {
            if (!done) {
                sink.abandon();
                deleteQuietly(file);
            }
        }
    }

    /** Best effort: the caller reports the failure that made this necessary. */
    static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** ENOSPC and EDQUOT as RESOURCE_EXHAUSTED {@code disk_full}; other failures as they are. */
    static java.util.Optional<AgentException> diskFull(IOException e, Path file) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return java.util.Optional.of(new AgentException(AgentException.Kind.RESOURCE_EXHAUSTED, "disk_full",
                        "the disk of " + file.getParent() + " filled up while writing " + file.getFileName()
                                + " (the space check's estimate was too low); the partial archive was deleted", false, e));
            }
        }
        return java.util.Optional.empty();
    }
}
