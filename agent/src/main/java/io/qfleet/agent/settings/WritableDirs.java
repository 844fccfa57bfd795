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
        Map<String, Path> agentDirs = new LinkedHashMap<>();
        agentDirs.put("state_dir", settings.stateDir());
        agentDirs.put("staging_dir", settings.stagingDir());
        agentDirs.put("backup_dir", settings.backupDir());
        Map<String, Path> all = new LinkedHashMap<>(agentDirs);
        all.put("questdb.root", settings.questdb().root());
        all.put("questdb.install_dir", settings.questdb().installDir());
        if (settings.questdb().systemd() != null) {
            all.put("questdb.drop_in_dir", settings.questdb().systemd().dropInDir());
        }
        all.forEach((key, dir) -> {
            try {
                RealPaths.of(dir);
            } catch (IOException e) {
                throw new SettingsException(file + ": " + key + ": " + e.getMessage());
            }
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
