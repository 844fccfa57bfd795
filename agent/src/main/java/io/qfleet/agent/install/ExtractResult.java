package io.qfleet.agent.install;

/**
 * What {@link SafeArchiveExtractor#extract} wrote.
 *
 * @param entries archive entries extracted (files, directories and links)
 * @param bytes bytes of regular-file content written
 */
public record ExtractResult(int entries, long bytes) {
}
