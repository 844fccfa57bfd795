package io.qfleet.proto;

/**
 * The room a backup asks for in backup_dir before it starts: the agent's space check refuses a backup
 * without it, and the coordinator's preflight holds a host to the same number before anything changes.
 * The shares are deliberately pessimistic: a check that passes must not end in a full disk, and an
 * archive never grows past the source plus tar headers, so "none" reserves the full size.
 */
public final class BackupRoom {
    /** For the manifest, tar headers and whatever else lands on that disk meanwhile. */
    public static final long MARGIN_BYTES = 64L << 20;

    private BackupRoom() {}

    /**
     * The share of the source an archive of this compression ("zstd", "gzip", "none"; "" is zstd) may take.
     * Measured with zstd -1: 0.16-0.27 on BackupBenchmark's 9.2.2 root (a price column that moves smoothly,
     * random doubles and longs beside it), 0.03 on the IT roots (QuestDB pre-allocates column files sparsely,
     * and the zeros vanish). A table of nothing but random doubles would compress to about 0.9 and outgrow
     * 0.6: the write then fails cleanly with disk_full. gzip was not measured; 0.7 keeps its usual gap to zstd.
     */
    public static double share(String compression) {
        return switch (compression) {
            case "gzip" -> 0.7;
            case "none" -> 1.0;
            default -> 0.6;
        };
    }

    /** Bytes to have free for an archive of {@code sourceBytes} of files. */
    public static long bytes(long sourceBytes, String compression) {
        return (long) Math.ceil(sourceBytes * share(compression)) + MARGIN_BYTES;
    }
}
