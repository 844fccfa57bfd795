package io.qfleet.agent.step;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.agent.backup.RestoreLayout;
import io.qfleet.agent.files.WriteAllowList;
import io.qfleet.agent.files.WriteAllowList.Area;
import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.StagingPaths;
import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.process.ProcessEnvironment;
import io.qfleet.agent.process.QuestDbLaunch;
import io.qfleet.agent.process.QuestDbProcess;
import io.qfleet.agent.process.SystemdQuestDbProcess;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.replication.FsStorePlaces;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.QuestDbEndpoints;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.settings.AgentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The QuestDB installation this agent looks after: its root, install dir, process and SQL access.
 * Endpoints are read from server.conf on every use, because steps may change it.
 */
public final class QuestDbHost {
    private static final String DEFAULT_PASSWORD = "quest"; // QuestDB's own default for pg.password
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    private final AgentSettings.QuestDb settings;
    private final QuestDbProcess process;
    private final BackupPaths backups;
    private final List<Path> agentDirs;
    private final WriteAllowList allowList;
    private final FsStorePlaces fsStorePlaces;
    private final PgCredentials credentials;

    public QuestDbHost(AgentSettings settings) {
        requireNonNull(settings, "settings");
        this.settings = settings.questdb();
        this.backups = new BackupPaths(settings.backupDir());
        this.agentDirs = List.of(settings.stateDir(), settings.stagingDir(), settings.backupDir());
        this.allowList = allowList(settings);
        this.fsStorePlaces = FsStorePlaces.of(settings.fsStoreDirs(), settings.keptDirs());
        AgentSettings.Systemd systemd = this.settings.systemd();
        this.process = systemd != null
                ? new SystemdQuestDbProcess(systemd.systemctl(), systemd.unit(), systemd.dropInDir(), this.settings.root(), allowList)
                : new DirectQuestDbProcess(new QuestDbLaunch(this.settings.java(), this.settings.jvmArgs(),
                        this.settings.root(), settings.stateDir().resolve("questdb.log")));
        this.credentials = new PgCredentials(settings.stateDir(), this.settings.pgUser(), this::settingsPassword);
    }

    /**
     * Where the agent may write: the root and what a restore moves aside beside it, the install dir
     * and the staged, previous and reverted dirs beside it, its own dirs, and the unit's drop-in dir.
     */
    private static WriteAllowList allowList(AgentSettings settings) {
        AgentSettings.QuestDb q = settings.questdb();
        List<Area> areas = new ArrayList<>(List.of(
                Area.tree("questdb.root", q.root()),
                Area.siblings("questdb.root", q.root(), List.of(RestoreLayout.ASIDE)),
                Area.tree("questdb.install_dir", q.installDir()),
                Area.siblings("questdb.install_dir", q.installDir(), List.of(StagingPaths.STAGED, InstallSwap.PREVIOUS,
                        InstallSwap.REVERTED)),
                Area.tree("staging_dir", settings.stagingDir()),
                Area.tree("backup_dir", settings.backupDir()),
                Area.tree("state_dir", settings.stateDir())));
        if (q.systemd() != null) {
            areas.add(Area.tree("questdb.drop_in_dir", q.systemd().dropInDir()));
        }
        return WriteAllowList.of(areas);
    }

    public Path root() {
        return settings.root();
    }

    public Path installDir() {
        return settings.installDir();
    }

    /** Where backups are written, and the only place they are verified or restored from. */
    public BackupPaths backups() {
        return backups;
    }

    /**
     * A variable of the environment QuestDB's next start gets ({@code QDB_*} overrides beat server.conf): under
     * systemd the unit's, as the server it runs now shows it ({@code runningPid}, /proc/<pid>/environ); started
     * directly, the agent's own, which the server it starts inherits. Empty when unset or unreadable.
     */
    public Optional<String> startEnvironment(String name, Optional<Long> runningPid) {
        requireNonNull(name, "name");
        if (settings.systemd() == null) {
            return Optional.ofNullable(System.getenv(name));
        }
        return runningPid.flatMap(pid -> ProcessEnvironment.variable(pid, name));
    }

    /** The agent's own directories (state, staging, backups): never part of a backup, never moved by a restore. */
    public List<Path> agentDirs() {
        return agentDirs;
    }

    public QuestDbProcess process() {
        return process;
    }

    /** Every path a step writes that it did not get from the settings goes through this first. */
    public WriteAllowList allowList() {
        return allowList;
    }

    /** Where an fs:: object store may lie on this host: the only place a store is created or cleared. */
    public FsStorePlaces fsStorePlaces() {
        return fsStorePlaces;
    }

    public QuestDbEndpoints endpoints() {
        return QuestDbEndpoints.from(ServerConf.read(confFile()));
    }

    /** QuestDB's {@code conf/server.conf} under the root. */
    public Path confFile() {
        return root().resolve("conf").resolve("server.conf");
    }

    /** The credentials the agent connects with; they follow the Enterprise admin steps. */
    public PgCredentials credentials() {
        return credentials;
    }

    public QuestDbSql sql() {
        return sql(credentials.current());
    }

    /** SQL as {@code login} (an account's login check), over TLS when server.conf turns it on for PG. */
    public QuestDbSql sql(PgCredentials.Login login) {
        ServerConf conf = ServerConf.read(confFile());
        boolean tls = conf.get("pg.tls.enabled").or(() -> conf.get("tls.enabled")).map(v -> v.strip().equals("true")).orElse(false);
        return new QuestDbSql(QuestDbEndpoints.from(conf).pg(), login.user(), login::password, QUERY_TIMEOUT, tls);
    }

    private String settingsPassword() {
        Path file = settings.pgPasswordFile();
        if (file == null) {
            return DEFAULT_PASSWORD;
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw AgentException.failedPrecondition("password_file_unreadable",
                    "cannot read questdb.pg_password_file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
