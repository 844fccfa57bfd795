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

    /** How this host runs QuestDB. Only {@code direct} (the agent launches the JVM) exists so far. */
    public record QuestDb(
            Path root,
            Path installDir,
            String run,
            Path java,
            List<String> jvmArgs,
            String pgUser,
            Path pgPasswordFile) {

        public QuestDb {
            requireNonNull(root, "root");
            requireNonNull(installDir, "installDir");
            requireNonNull(java, "java");
            jvmArgs = List.copyOf(jvmArgs);
        }
    }

    /** For the start-up log: every value, secrets are only referenced by file. */
    public String describe() {
        return "listen=" + listenHost + ":" + listenPort + (plaintext ? " (plaintext, loopback)" : "")
                + " state_dir=" + stateDir + " staging_dir=" + stagingDir + " backup_dir=" + backupDir
                + " questdb.root=" + questdb.root() + " questdb.install_dir=" + questdb.installDir()
                + " questdb.run=" + questdb.run() + " questdb.java=" + questdb.java()
                + " questdb.jvm_args=" + questdb.jvmArgs() + " questdb.pg_user=" + questdb.pgUser()
                + " questdb.pg_password_file=" + (questdb.pgPasswordFile() == null ? "(default password)" : questdb.pgPasswordFile());
    }
}
