package io.qfleet.agent.settings;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent's settings, validated. Paths are absolute. The PG password itself is never held here,
 * only the file it is read from when needed.
 *
 * @param backupDir the only directory backups are written to, and verified or restored from
 */
public record AgentSettings(
        String listenHost,
        int listenPort,
        boolean plaintext,
        Path stateDir,
        Path stagingDir,
        Path backupDir,
        QuestDb questdb) {

    public AgentSettings {
        requireNonNull(listenHost, "listenHost");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(stagingDir, "stagingDir");
        requireNonNull(backupDir, "backupDir");
        requireNonNull(questdb, "questdb");
    }

    /**
     * Settings built in code without a backup dir (tests written before {@code backup_dir} existed):
     * backups go to {@code <stateDir>/backups}. The settings file itself requires the key.
     */
    public AgentSettings(String listenHost, int listenPort, boolean plaintext, Path stateDir, Path stagingDir,
            QuestDb questdb) {
        this(listenHost, listenPort, plaintext, stateDir, stagingDir,
                requireNonNull(stateDir, "stateDir").resolve("backups"), questdb);
    }

    /**
     * How this host runs QuestDB: {@code direct} (the agent launches the JVM with {@code java} and
     * {@code jvmArgs}) or {@code systemd} (through the unit in {@code systemd}, null for direct).
     */
    public record QuestDb(
            Path root,
            Path installDir,
            String run,
            Path java,
            List<String> jvmArgs,
            String pgUser,
            Path pgPasswordFile,
            Systemd systemd) {

        public QuestDb {
            requireNonNull(root, "root");
            requireNonNull(installDir, "installDir");
            requireNonNull(java, "java");
            jvmArgs = List.copyOf(jvmArgs);
            if ("systemd".equals(run) != (systemd != null)) {
                throw new IllegalArgumentException("systemd: " + systemd + " with run: " + run
                        + " (expected: given exactly when run is systemd)");
            }
        }

        /** QuestDB run directly: no systemd unit. */
        public QuestDb(Path root, Path installDir, String run, Path java, List<String> jvmArgs, String pgUser,
                Path pgPasswordFile) {
            this(root, installDir, run, java, jvmArgs, pgUser, pgPasswordFile, null);
        }
    }

    /**
     * The systemd unit that runs QuestDB ({@code questdb.run: systemd}).
     *
     * @param systemctl the binary the agent runs ({@code /usr/bin/systemctl}; tests point it at a fake)
     * @param dropInDir {@code /etc/systemd/system/<unit>.d}, where the agent's one drop-in goes
     */
    public record Systemd(String unit, Path systemctl, Path dropInDir) {
        public Systemd {
            requireNonNull(unit, "unit");
            requireNonNull(systemctl, "systemctl");
            requireNonNull(dropInDir, "dropInDir");
        }
    }

    /** For the start-up log: every value, secrets are only referenced by file. */
    public String describe() {
        return "listen=" + listenHost + ":" + listenPort + (plaintext ? " (plaintext, loopback)" : "")
                + " state_dir=" + stateDir + " staging_dir=" + stagingDir + " backup_dir=" + backupDir
                + " questdb.root=" + questdb.root() + " questdb.install_dir=" + questdb.installDir()
                + " questdb.run=" + questdb.run() + " questdb.java=" + questdb.java()
                + " questdb.jvm_args=" + questdb.jvmArgs() + " questdb.pg_user=" + questdb.pgUser()
                + " questdb.pg_password_file=" + (questdb.pgPasswordFile() == null ? "(default password)" : questdb.pgPasswordFile())
                + (questdb.systemd() == null ? "" : " questdb.unit=" + questdb.systemd().unit() + " questdb.systemctl="
                        + questdb.systemd().systemctl() + " questdb.drop_in_dir=" + questdb.systemd().dropInDir());
    }
}
