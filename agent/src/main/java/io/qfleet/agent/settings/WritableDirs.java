package io.qfleet.agent.settings;

import io.qfleet.agent.files.RealPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The directories the agent writes, checked once at start: none is the whole filesystem or a
 * system directory, the QuestDB root and the install dir stay apart (a swap renames the one, a
 * restore the other), and the agent's own dirs lie in neither and hold neither. Compared by where
 * they really lead, so a symlink cannot hide an overlap.
 */
final class WritableDirs {
    /** Never a writable dir as a whole: the agent would be allowed to write all of it. */
    private static final Set<Path> SYSTEM_DIRS = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt",
            "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/var/lib", "/var/backups", "/etc/systemd",
            "/etc/systemd/system").stream().map(Path::of).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private WritableDirs() {
    }

    static void check(String file, AgentSettings settings) {
        checkAgentAndQuestDbDirs(file, settings);
        checkFsStoreDirs(file, settings);
    }

    /**
     * An fs:: store may be cleared on the operator's word, so no directory it may lie in is a system
     * directory or shares anything with the directories above: neither inside one nor holding one.
     */
    private static void checkFsStoreDirs(String file, AgentSettings settings) {
        Map<String, Path> kept = settings.keptDirs();
        String key = AgentSettings.FS_STORE_DIRS_KEY;
        for (Path dir : settings.fsStoreDirs()) {
            Path real = realOrRefuse(file, key, dir);
            if (SYSTEM_DIRS.contains(dir) || SYSTEM_DIRS.contains(real)) {
                throw new SettingsException(file + ": " + key + ": " + dir + " is a system directory; an fs:: store may be cleared,"
                        + " so list a directory of its own (e.g. the NFS mount)");
            }
            kept.forEach((name, other) -> {
                Path otherReal = RealPaths.bestEffort(other);
                if (real.startsWith(otherReal) || otherReal.startsWith(real)) {
                    throw new SettingsException(file + ": " + key + ": " + dir + " overlaps " + name + " " + other
                            + "; an fs:: store may be cleared, so list a directory that neither holds nor lies inside it");
                }
            });
        }
    }

    private static Path realOrRefuse(String file, String key, Path dir) {
        try {
            return RealPaths.of(dir);
        } catch (IOException e) {
            throw new SettingsException(file + ": " + key + ": " + e.getMessage());
        }
    }

    private static void checkAgentAndQuestDbDirs(String file, AgentSettings settings) {
        Map<String, Path> agentDirs = new LinkedHashMap<>();
        agentDirs.put("state_dir", settings.stateDir());
        agentDirs.put("staging_dir", settings.stagingDir());
        agentDirs.put("backup_dir", settings.backupDir());
        settings.keptDirs().forEach((key, dir) -> {
            realOrRefuse(file, key, dir);
            if (SYSTEM_DIRS.contains(dir) || SYSTEM_DIRS.contains(RealPaths.bestEffort(dir))) {
                throw new SettingsException(file + ": " + key + ": " + dir + " is a system directory; the agent writes everything"
                        + " below its directories, so give it one of its own");
            }
        });
        Path root = RealPaths.bestEffort(settings.questdb().root());
        Path install = RealPaths.bestEffort(settings.questdb().installDir());
        if (root.startsWith(install) || install.startsWith(root)) {
            throw new SettingsException(file + ": questdb.install_dir: " + settings.questdb().installDir() + " and questdb.root "
                    + settings.questdb().root() + " overlap; a swap renames the install dir, so keep the two apart");
        }
        agentDirs.forEach((key, dir) -> {
            Path real = RealPaths.bestEffort(dir);
            if (real.startsWith(install)) {
                throw new SettingsException(file + ": " + key + ": " + dir + " lies inside questdb.install_dir "
                        + settings.questdb().installDir() + ", which a swap moves aside; put it elsewhere");
            }
            if (real.startsWith(root)) {
                throw new SettingsException(file + ": " + key + ": " + dir + " lies inside questdb.root " + settings.questdb().root()
                        + ", which a restore moves aside; put it elsewhere");
            }
            if (root.startsWith(real) || install.startsWith(real)) {
                throw new SettingsException(file + ": " + key + ": " + dir + " holds questdb." + (root.startsWith(real) ? "root" : "install_dir")
                        + "; give the agent a directory of its own");
            }
        });
    }
}
