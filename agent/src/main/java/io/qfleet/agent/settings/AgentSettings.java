package io.qfleet.agent.settings;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's settings, validated. Paths are absolute. Secrets (the PG password, the bearer token,
 * the TLS key) are never held here, only the files they are read from.
 *
 * @param backupDir the only directory backups are written to, and verified or restored from
 * @param tls the server certificate and the CA that signs client certificates; null only when plaintext
 * @param tokenFile the file holding the bearer token every call must carry; null only when plaintext
 *        and no token is wanted
 * @param fsStoreDirs {@code replication.fs_store_dirs}: the only directories an {@code fs::} object
 *        store may lie in (the agent creates, claims and, when confirmed, clears it); empty: none
 */
public record AgentSettings(
        String listenHost,
        int listenPort,
        boolean plaintext,
        Path stateDir,
        Path stagingDir,
        Path backupDir,
        QuestDb questdb,
        Tls tls,
        Path tokenFile,
        List<Path> fsStoreDirs) {

    /** The settings key of {@code fsStoreDirs}: where fs:: replication stores may live. */
    public static final String FS_STORE_DIRS_KEY = "replication.fs_store_dirs";

    public AgentSettings {
        requireNonNull(listenHost, "listenHost");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(stagingDir, "stagingDir");
        requireNonNull(backupDir, "backupDir");
        requireNonNull(questdb, "questdb");
        fsStoreDirs = List.copyOf(fsStoreDirs);
        if (!plaintext && (tls == null || tokenFile == null)) {
            throw new IllegalArgumentException("tls and tokenFile are required unless plaintext");
        }
    }

    /** Settings that allow no {@code fs::} store. */
    public AgentSettings(String listenHost, int listenPort, boolean plaintext, Path stateDir, Path stagingDir,
            Path backupDir, QuestDb questdb, Tls tls, Path tokenFile) {
        this(listenHost, listenPort, plaintext, stateDir, stagingDir, backupDir, questdb, tls, tokenFile, List.of());
    }

    /** These settings with {@code fs::} stores allowed under {@code dirs} (tests build settings in code). */
    public AgentSettings withFsStoreDirs(List<Path> dirs) {
        return new AgentSettings(listenHost, listenPort, plaintext, stateDir, stagingDir, backupDir, questdb, tls, tokenFile, dirs);
    }

    /** Plaintext on loopback without a token: the settings in-process tests build in code. */
    public AgentSettings(String listenHost, int listenPort, boolean plaintext, Path stateDir, Path stagingDir,
            Path backupDir, QuestDb questdb) {
        this(listenHost, listenPort, plaintext, stateDir, stagingDir, backupDir, questdb, null, null);
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
     * The agent's TLS material, PEM files: its certificate chain (leaf first), its private key, and
     * the CA whose signature a client certificate must carry.
     */
    public record Tls(Path cert, Path key, Path clientCa) {
        public Tls {
            requireNonNull(cert, "cert");
            requireNonNull(key, "key");
            requireNonNull(clientCa, "clientCa");
        }
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

    /**
     * The directories the agent writes for QuestDB and itself, by settings key: state, staging and
     * backup dirs, then the QuestDB root, install dir and (systemd) drop-in dir. An fs:: store shares
     * nothing with any of them.
     */
    public Map<String, Path> keptDirs() {
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("state_dir", stateDir);
        dirs.put("staging_dir", stagingDir);
        dirs.put("backup_dir", backupDir);
        dirs.put("questdb.root", questdb.root());
        dirs.put("questdb.install_dir", questdb.installDir());
        if (questdb.systemd() != null) {
            dirs.put("questdb.drop_in_dir", questdb.systemd().dropInDir());
        }
        return Collections.unmodifiableMap(dirs);
    }

    /** For the start-up log: every value, secrets are only referenced by file. */
    public String describe() {
        return "listen=" + listenHost + ":" + listenPort + (plaintext ? " (plaintext, loopback)" : "")
                + (tls == null ? "" : " tls.cert=" + tls.cert() + " tls.key=" + tls.key() + " tls.client_ca=" + tls.clientCa())
                + " token_file=" + (tokenFile == null ? "(none: no token asked)" : tokenFile)
                + " state_dir=" + stateDir + " staging_dir=" + stagingDir + " backup_dir=" + backupDir
                + " questdb.root=" + questdb.root() + " questdb.install_dir=" + questdb.installDir()
                + " questdb.run=" + questdb.run() + " questdb.java=" + questdb.java()
                + " questdb.jvm_args=" + questdb.jvmArgs() + " questdb.pg_user=" + questdb.pgUser()
                + " questdb.pg_password_file=" + (questdb.pgPasswordFile() == null ? "(default password)" : questdb.pgPasswordFile())
                + (questdb.systemd() == null ? "" : " questdb.unit=" + questdb.systemd().unit() + " questdb.systemctl="
                        + questdb.systemd().systemctl() + " questdb.drop_in_dir=" + questdb.systemd().dropInDir())
                + " replication.fs_store_dirs=" + (fsStoreDirs.isEmpty() ? "(none: fs:: stores refused)" : fsStoreDirs);
    }
}
