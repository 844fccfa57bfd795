package io.qfleet.agent.backup;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.qfleet.agent.AgentException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * How an archive is compressed, and the file extension it gets (the share of the source size the
 * space check reserves for it is {@link io.qfleet.proto.BackupRoom}'s, which preflight uses too).
 *
 * <p>Default levels: zstd 1, the level {@code tar | zstd -1 -T0} uses; on QuestDB columns it
 * compresses nearly as well as 3 (measured in BackupBenchmark) at a fraction of the CPU, and the
 * backup is the step an operator waits for. gzip 6, gzip's own default.
 *
 */
public enum Compression {
    ZSTD("zstd", ".tar.zst", 1, 1, 19),
    GZIP("gzip", ".tar.gz", 6, 1, 9),
    NONE("none", ".tar", 0, 0, 0);

    private final String wireName;
    private final String extension;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(String wireName, String extension, int defaultLevel, int minLevel, int maxLevel) {
        this.wireName = wireName;
        this.extension = extension;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** The spec's name: "zstd", "gzip" or "none"; "" (unset on the wire) is zstd. */
    public static Compression parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            return ZSTD;
        }
        for (Compression c : values()) {
            if (c.wireName.equals(n)) {
                return c;
            }
        }
        throw AgentException.invalidArgument("bad_compression", "backup.compression: '" + name + "' (expected: zstd, gzip or none)");
    }

    /** The level to use for a requested one, where 0 means the default; refuses one out of range. */
    public int level(int requested) {
        if (requested == 0) {
            return defaultLevel;
        }
        if (requested < minLevel || requested > maxLevel) {
            String expected = this == NONE ? "0 with none" : minLevel + "-" + maxLevel + " or 0 for " + defaultLevel;
            throw AgentException.invalidArgument("bad_level", "backup.level: " + requested + " for " + wireName + " (expected: " + expected + ")");
        }
        return requested;
    }

    /** zstd threads for a requested count, where 0 means one per core. */
    public static int workers(int requested) {
        if (requested < 0 || requested > 256) {
            throw AgentException.invalidArgument("bad_workers", "backup.workers: " + requested + " (expected: 0-256, 0 = one per core)");
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    public String wireName() {
        return wireName;
    }

    /** ".tar.zst", ".tar.gz" or ".tar". */
    public String extension() {
        return extension;
    }

    /** Wraps {@code out} in this compressor; closing the result finishes the stream and closes {@code out}. */
    OutputStream wrap(OutputStream out, int level, int workers) throws IOException {
        return switch (this) {
            case ZSTD -> {
                ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, level);
                zstd.setChecksum(true); // the frame's own xxhash: verify and restore catch a damaged tail
                // Even one worker helps: it compresses while this thread reads and hashes the next chunk.
                zstd.setWorkers(workers);
                yield zstd;
            }
            case GZIP -> {
                GzipParameters parameters = new GzipParameters();
                parameters.setCompressionLevel(level);
                yield new GzipCompressorOutputStream(out, parameters);
            }
            case NONE -> out;
        };
    }
}
