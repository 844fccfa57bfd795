package io.qfleet.coordinator.workflow;

/**
 * The per-host steps in the order they run (DESIGN.md section 2). {@link #START} is the point of
 * no return: the first start of the new binaries may rewrite table metadata.
 */
public enum Step {
    PREFLIGHT("preflight"),
    /** Enterprise step 11, first part (a primary): the object store checked on the host and an fs:: store claimed, before any upload. */
    REPLICATION_CHECK("store check"),
    UPLOAD("upload"),
    STAGE("stage"),
    INVENTORY("inventory"),
    /** CHECKPOINT and archive of the whole root: the way back once the new binaries have run. */
    BACKUP("backup"),
    STOP("stop"),
    SWAP("swap"),
    START("start"),
    HEALTH_GATE("health gate"),
    VERIFY("verify"),
    /** Enterprise step 9, first half: TLS material read, checked and installed on the host while the old version serves. */
    TLS_CHECK("tls check"),
    /** Enterprise step 9: tls.* keys (unless written in the swap), restart, handshakes on PG and HTTP. */
    TLS("tls"),
    /** Enterprise step 10: the operator's admin accounts created, the built-in admin disabled. */
    ADMINS("admins"),
    /** Enterprise step 11: a primary's replication keys and restart; a replica seeded from its primary's checkpoint. */
    REPLICATION("replication"),
    /** Undo before the data migrated: new binaries out, old ones back, old version started and gated. */
    ROLLBACK("rollback"),
    /**
     * Undo after the point of no return: new binaries out, old ones back, the root restored from the
     * backup archive (QuestDB's {@code _restore}), old version started and verified against the inventory.
     * Labelled "restore": labels stay within the width progress lines give the step column.
     */
    ROLLBACK_FROM_BACKUP("restore");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    /** Lower-case words for people and JSON, e.g. "health gate". */
    public String label() {
        return label;
    }

    public boolean pointOfNoReturn() {
        return this == START;
    }

    /** One of the two ways back to the previous version. */
    public boolean rollback() {
        return this == ROLLBACK || this == ROLLBACK_FROM_BACKUP;
    }
}
