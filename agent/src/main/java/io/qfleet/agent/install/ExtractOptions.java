package io.qfleet.agent.install;

/**
 * How {@link SafeArchiveExtractor} lays entries down; the entry checks are the same for every kind.
 *
 * @param stripSingleTopDirectory strip the one top-level directory every entry sits under, as
 *                                {@code tar --strip-components 1} (distribution tarballs)
 * @param keepModes               give files and directories the permission bits of their entries
 *                                (never setuid, setgid or sticky) instead of 755/644; directory
 *                                modes are applied last, so a read-only directory can still be filled
 */
public record ExtractOptions(boolean stripSingleTopDirectory, boolean keepModes) {
    /** A QuestDB distribution: one top directory stripped, 755 for executables, else 644. */
    public static final ExtractOptions DISTRIBUTION = new ExtractOptions(true, false);
    /** A qfleet backup of a QuestDB root: entries where they are, modes as archived. */
    public static final ExtractOptions BACKUP = new ExtractOptions(false, true);
}
