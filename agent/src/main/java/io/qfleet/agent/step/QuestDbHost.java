package io.qfleet.agent.step;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.backup.BackupPaths;
import io.qfleet.agent.process.DirectQuestDbProcess;
import io.qfleet.agent.process.QuestDbLaunch;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.QuestDbEndpoints;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.settings.AgentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The QuestDB installation this agent looks after: its root, install dir, process and SQL access.
 * Endpoints are read from server.conf on every use, because steps may change it.
 */
public final class QuestDbHost {
    private static final String DEFAULT_PASSWORD = "quest"; // QuestDB's own default for pg.password
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    private final AgentSettings.QuestDb settings;
    private final DirectQuestDbProcess process;
    private final BackupPaths backups;
    private final List<Path> agentDirs;
    private final PgCredentials credentials;

    public QuestDbHost(AgentSettings settings) {
        requireNonNull(settings, "settings");
        this.settings = settings.questdb();
        this.backups = new BackupPaths(settings.backupDir());
        this.agentDirs = List.of(settings.stateDir(), settings.stagingDir(), settings.backupDir());
        this.process = new DirectQuestDbProcess(new QuestDbLaunch(this.settings.java(), this.settings.jvmArgs(),
                this.settings.root(), settings.stateDir().resolve("questdb.log")));
        this.credentials = new PgCredentials(settings.stateDir(), this.settings.pgUser(), this::settingsPassword);
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

    /** The agent's own directories (state, staging, backups): never part of a backup, never moved by a restore. */
    public List<Path> agentDirs() {
        return agentDirs;
    }

    public DirectQuestDbProcess process() {
        return process;
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
