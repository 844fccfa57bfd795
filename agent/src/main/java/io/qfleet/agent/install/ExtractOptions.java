package io.qfleet.agent.install;

import java.util.Set;

/**
 * How {@link SafeArchiveExtractor} lays entries down; the entry checks are the same for every kind.
 *
 * @param stripSingleTopDirectory strip the one top-level directory every entry sits under, as
 *                                {@code tar --strip-components 1} (distribution tarballs)
 * @param keepModes               give files and directories the permission bits of their entries
 *                                (never setuid, setgid or sticky) instead of 755/644; directory
 *                                modes are applied last, so a read-only directory can still be filled
 * @param onlyTopLevel            when not empty, only entries under these top-level names are written;
 *                                the others are still read and checked, never written
 */
public record ExtractOptions(boolean stripSingleTopDirectory, boolean keepModes, Set<String> onlyTopLevel) {
    public ExtractOptions {
        onlyTopLevel = Set.copyOf(onlyTopLevel);
    }

    public ExtractOptions(boolean stripSingleTopDirectory, boolean keepModes) {
        this(stripSingleTopDirectory, keepModes, Set.of());
    }

    /** These options, writing only the entries under {@code names} (a replica takes the primary's db, never its conf). */
    public ExtractOptions only(Set<String> names) {
        return new ExtractOptions(stripSingleTopDirectory, keepModes, names);
    }

    boolean writes(java.nio.file.Path relative) {
        return onlyTopLevel.isEmpty() || onlyTopLevel.contains(relative.getName(0).toString());
    }

    /** A QuestDB distribution: one top directory stripped, 755 for executables, else 644. */
    public static final ExtractOptions DISTRIBUTION = new ExtractOptions(true, false);
    /** A qfleet backup of a QuestDB root: entries where they are, modes as archived. */
    public static final ExtractOptions BACKUP = new ExtractOptions(false, true);
}
