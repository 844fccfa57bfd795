package io.qfleet.agent.install;

/**
 * Progress of {@link SafeArchiveExtractor#extract}, counted in compressed bytes read from the
 * archive so that {@code done / total} is a true fraction. Called on the extracting thread at most
 * about once per MiB and once at the end; it must be quick and must not throw.
 */
@FunctionalInterface
public interface ExtractProgress {
    ExtractProgress NONE = (done, total) -> { };

    void bytesDone(long done, long total);
}
