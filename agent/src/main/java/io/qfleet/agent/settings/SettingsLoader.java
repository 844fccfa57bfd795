package io.qfleet.agent.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code agent.yaml}. Every problem is one line naming the file, the line where it is
 * known, the key, and what was expected; an unknown key fails the start so a typo never
 * silently falls back to a default. {@link YamlBinder} binds the raw classes below.
 */
public final class SettingsLoader {
    private SettingsLoader() {}

    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    public static AgentSettings load(Path file) {
        String name = file.toString();
        RawSettings raw;
        try {
            raw = YamlBinder.bind(name, Files.readString(file), RawSettings.class);
        } catch (NoSuchFileException e) {
            throw new SettingsException(name + ": no such file (pass the agent's settings with --settings)");
        } catch (IOException e) {
            throw new SettingsException(name + ": cannot read: " + e.getMessage());
        }
        if (raw == null) {
            throw new SettingsException(name + ": empty settings file");
        }
        return validate(name, raw);
    }

    private static AgentSettings validate(String file, RawSettings raw) {
        String listen = require(file, "listen", raw.listen);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new SettingsException(file + ": listen: '" + listen + "' is not host:port");
        }
        String host = listen.substring(0, colon);
        int port = parsePort(file, listen.substring(colon + 1));
        boolean plaintext = Boolean.TRUE.equals(raw.plaintext);
        AgentSettings.Tls tls = tls(file, raw.tls);
        Path tokenFile = raw.tokenFile == null ? null : ownerOnly(file, "token_file", existing(file, "token_file",
                absolute(file, "token_file", raw.tokenFile)));
        if (plaintext) {
            plaintextRules(file, host, tls);
        } else if (tls == null) {
            throw new SettingsException(file + ": missing key 'tls' (the agent serves TLS only: set tls.cert, tls.key and "
                    + "tls.client_ca, see `qfleet pki`; or plaintext: true on a loopback address for development)");
        } else if (tokenFile == null) {
            throw new SettingsException(file + ": missing key 'token_file' (every call must carry the bearer token it holds; "
                    + "make one with `qfleet pki token`)");
        }
        RawQuestDb q = raw.questdb;
        if (q == null) {
            throw new SettingsException(file + ": missing key 'questdb'");
        }
        RunModes.Raw mode = new RunModes.Raw(q.run, q.unit, q.systemctl, q.dropInDir, q.java != null, q.jvmArgs != null);
        Path java = q.java == null ? Path.of(System.getProperty("java.home"), "bin", "java") : absolute(file, "questdb.java", q.java);
        AgentSettings settings = new AgentSettings(host, port, plaintext,
                absolute(file, "state_dir", require(file, "state_dir", raw.stateDir)),
                absolute(file, "staging_dir", require(file, "staging_dir", raw.stagingDir)),
                absolute(file, "backup_dir", require(file, "backup_dir", raw.backupDir)),
                new AgentSettings.QuestDb(
                        absolute(file, "questdb.root", require(file, "questdb.root", q.root)),
                        absolute(file, "questdb.install_dir", require(file, "questdb.install_dir", q.installDir)),
                        RunModes.run(file, mode),
                        java,
                        q.jvmArgs == null ? List.of() : q.jvmArgs,
                        q.pgUser == null ? "admin" : q.pgUser,
                        q.pgPasswordFile == null ? null : absolute(file, "questdb.pg_password_file", q.pgPasswordFile),
                        RunModes.systemd(file, mode)),
                tls, tokenFile, fsStoreDirs(file, raw.replication));
        WritableDirs.check(file, settings);
        return settings;
    }

    private static List<Path> fsStoreDirs(String file, RawReplication replication) {
        if (replication == null || replication.fsStoreDirs == null) {
            return List.of();
        }
        return replication.fsStoreDirs.stream().map(dir -> absolute(file, AgentSettings.FS_STORE_DIRS_KEY,
                require(file, AgentSettings.FS_STORE_DIRS_KEY, dir))).toList();
    }

    /** Plaintext is for development only: on a loopback address, and never mixed with TLS material. */
    private static void plaintextRules(String file, String host, AgentSettings.Tls tls) {
        if (!isLoopback(host)) {
            throw new SettingsException(file + ": listen: " + host + " is not a loopback address; plaintext gRPC is "
                    + "only served on loopback (use 127.0.0.x, or remove plaintext and set tls and token_file)");
        }
        if (tls != null) {
            throw new SettingsException(file + ": plaintext: true and a tls section (choose one: remove plaintext to serve "
                    + "TLS, or remove tls for a plaintext loopback agent)");
        }
    }

    private static AgentSettings.Tls tls(String file, RawTls tls) {
        if (tls == null) {
            return null;
        }
        return new AgentSettings.Tls(
                existing(file, "tls.cert", absolute(file, "tls.cert", require(file, "tls.cert", tls.cert))),
                ownerOnly(file, "tls.key", existing(file, "tls.key", absolute(file, "tls.key", require(file, "tls.key", tls.key)))),
                existing(file, "tls.client_ca", absolute(file, "tls.client_ca", require(file, "tls.client_ca", tls.clientCa))));
    }

    private static Path existing(String file, String key, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new SettingsException(file + ": " + key + ": " + path + " does not exist or is not a file");
        }
        return path;
    }

    /**
     * A secret's file must not be open to group or others, as ssh insists for its keys: a token or key
     * anyone on the host can read authenticates anyone.
     */
    private static Path ownerOnly(String file, String key, Path path) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(path);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SettingsException(file + ": " + key + ": cannot read the permissions of " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!Collections.disjoint(mode, OPEN_TO_OTHERS)) {
            throw new SettingsException(file + ": " + key + ": " + path + " is open to group or others ("
                    + PosixFilePermissions.toString(mode) + "); run chmod 600 " + path);
        }
        return path;
    }

    private static String require(String file, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException(file + ": missing key '" + key + "'");
        }
        return value;
    }

    static Path absolute(String file, String key, String value) {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new SettingsException(file + ": " + key + ": '" + value + "' is not an absolute path");
        }
        return path.normalize();
    }

    private static int parsePort(String file, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(file + ": listen: port '" + text + "' is not 0-65535 (0 picks a free port)");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The file as written; validated into {@link AgentSettings}. */
    static final class RawSettings {
        @JsonProperty("listen") String listen;
        @JsonProperty("plaintext") Boolean plaintext;
        @JsonProperty("state_dir") String stateDir;
        @JsonProperty("staging_dir") String stagingDir;
        @JsonProperty("backup_dir") String backupDir;
        @JsonProperty("questdb") RawQuestDb questdb;
        @JsonProperty("tls") RawTls tls;
        @JsonProperty("token_file") String tokenFile;
        @JsonProperty("replication") RawReplication replication;
    }

    static final class RawReplication {
        @JsonProperty("fs_store_dirs") List<String> fsStoreDirs;
    }

    static final class RawTls {
        @JsonProperty("cert") String cert;
        @JsonProperty("key") String key;
        @JsonProperty("client_ca") String clientCa;
    }

    static final class RawQuestDb {
        @JsonProperty("root") String root;
        @JsonProperty("install_dir") String installDir;
        @JsonProperty("run") String run;
        @JsonProperty("java") String java;
        @JsonProperty("jvm_args") List<String> jvmArgs;
        @JsonProperty("pg_user") String pgUser;
        @JsonProperty("pg_password_file") String pgPasswordFile;
        // run: systemd only
        @JsonProperty("unit") String unit;
        @JsonProperty("systemctl") String systemctl;
        @JsonProperty("drop_in_dir") String dropInDir;
    }
}
