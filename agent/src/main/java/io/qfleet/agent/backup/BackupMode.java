package io.qfleet.agent.backup;

import io.qfleet.agent.questdb.BuildInfo;
import io.qfleet.agent.questdb.CheckpointStatement;
import io.qfleet.agent.questdb.Edition;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How QuestDB is told to hold a consistent copy point while the root is archived (QUESTDB.md
 * section 3): CHECKPOINT CREATE/RELEASE from 8.1 (and in every Enterprise release, whose 3.x series
 * is built on OSS 9.x), SNAPSHOT PREPARE/COMPLETE on 7.x. Both leave a copy of each table's
 * metadata under the root ({@code .checkpoint/db} or {@code snapshot/db}) that {@code _restore}
 * rolls the tables back to.
 */
public enum BackupMode {
    CHECKPOINT(BackupManifest.CHECKPOINT, CheckpointStatement.CHECKPOINT_CREATE, CheckpointStatement.CHECKPOINT_RELEASE, ".checkpoint"),
    SNAPSHOT(BackupManifest.SNAPSHOT, CheckpointStatement.SNAPSHOT_PREPARE, CheckpointStatement.SNAPSHOT_COMPLETE, "snapshot");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private final String manifestName;
    private final CheckpointStatement open;
    private final CheckpointStatement release;
    private final String dirName;

    BackupMode(String manifestName, CheckpointStatement open, CheckpointStatement release, String dirName) {
        this.manifestName = manifestName;
        this.open = open;
        this.release = release;
        this.dirName = dirName;
    }

    /** CHECKPOINT unless the server is an open-source release older than 8.1. An unknown version tries CHECKPOINT. */
    public static BackupMode forBuild(BuildInfo build) {
        if (build.edition() == Edition.ENTERPRISE) {
            return CHECKPOINT;
        }
        Matcher m = VERSION.matcher(build.version());
        if (!m.lookingAt()) {
            return CHECKPOINT;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 8 || (major == 8 && minor >= 1) ? CHECKPOINT : SNAPSHOT;
    }

    /** "checkpoint" or "snapshot", as the manifest and the result name it. */
    public String manifestName() {
        return manifestName;
    }

    public CheckpointStatement open() {
        return open;
    }

    public CheckpointStatement release() {
        return release;
    }

    /** The directory QuestDB fills beside the db dir: {@code .checkpoint} or {@code snapshot}. */
    public String dirName() {
        return dirName;
    }
}
