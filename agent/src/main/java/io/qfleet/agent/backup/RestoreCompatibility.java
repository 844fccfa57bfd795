package io.qfleet.agent.backup;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;

/**
 * Whether binaries may open a backed-up root: QuestDB restores only into the same major version
 * (8.1.0 and 8.1.1 work together, 8.1.0 and 7.5.1 do not; QUESTDB.md section 3), and a newer major
 * would migrate the restored data on its first start. Editions are compared too: Enterprise has
 * its own version series and rewrites metadata on its first start.
 */
public final class RestoreCompatibility {
    private RestoreCompatibility() {
    }

    /**
     * Refuses with FAILED_PRECONDITION {@code major_version_mismatch} or {@code edition_mismatch}.
     * An unknown installed version ("", a runtime image says none) or edition passes here; the
     * caller checks the started server's {@code build()} instead.
     */
    public static void require(BackupManifest manifest, String installedVersion, Edition installedEdition) {
        requireNonNull(manifest, "manifest");
        requireNonNull(installedVersion, "installedVersion");
        requireNonNull(installedEdition, "installedEdition");
        String archived = major(manifest.questdbVersion());
        String installed = major(installedVersion);
        if (!archived.isEmpty() && !installed.isEmpty() && !archived.equals(installed)) {
            throw AgentException.failedPrecondition("major_version_mismatch", "the backup is of QuestDB "
                    + manifest.questdbVersion() + " and the installed binaries are " + installedVersion
                    + ": QuestDB restores only into the same major version; put QuestDB " + archived
                    + ".x binaries back in the install dir first (revert_swap), then restore");
        }
        Edition archivedEdition = edition(manifest.edition());
        if (archivedEdition != Edition.UNKNOWN && installedEdition != Edition.UNKNOWN && archivedEdition != installedEdition) {
            throw AgentException.failedPrecondition("edition_mismatch", "the backup is of QuestDB " + archivedEdition
                    + " " + manifest.questdbVersion() + " and the installed binaries are " + installedEdition
                    + ": put the binaries the backup was taken with back first (revert_swap), then restore");
        }
    }

    /** "8" for "8.1.4"; "" when the version is unknown or not numeric. */
    static String major(String version) {
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        return major.matches("\\d+") ? major : "";
    }

    private static Edition edition(String name) {
        try {
            return Edition.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Edition.UNKNOWN;
        }
    }
}
