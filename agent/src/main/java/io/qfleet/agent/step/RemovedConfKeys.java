package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.install.ConfKeys;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.proto.QuestDbConfKeys;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys a version upgrade would fail on, found while staging, before the stop: keys server.conf sets
 * that the installed QuestDB knows and the staged one no longer does. Under
 * {@code config.validation.strict=true} (line 2 of the conf QuestDB writes) the new binaries' first
 * start exits 55 on them (QUESTDB.md 5 and 8.2: 9.2.2 on 8.1.4's
 * {@code line.tcp.symbol.cache.wait.us.before.reload}), which a run would find only after the stop,
 * as downtime and a rollback.
 *
 * <p>Keys neither version knows are left alone: the running server starts with them, so something
 * this check does not model accepts them. Checked between two Open Source jars only: Enterprise
 * validates against key sets of its own, which cannot be read here.
 */
public final class RemovedConfKeys {
    private static final String STRICT_KEY = QuestDbConfKeys.STRICT_KEY;

    /** The environment variable that beats the file's {@code config.validation.strict} (QUESTDB.md 5). */
    public static final String STRICT_ENV = "QDB_CONFIG_VALIDATION_STRICT";

    private RemovedConfKeys() {
    }

    /**
     * Whether QuestDB validates strictly, as it reads it: {@link #STRICT_ENV} in the environment its next start gets
     * ({@code env}, {@link QuestDbHost#startEnvironment}) before the file's key.
     */
    public static boolean strict(ServerConf conf, Optional<String> env) {
        return QuestDbConfKeys.strict(env.orElse(conf.get(STRICT_KEY).orElse(null)));
    }

    /**
     * The keys {@code conf} sets that {@code distribution}'s questdb.jar knows, sorted; empty when it is no Open
     * Source questdb.jar or its key list cannot be read (Enterprise validates against lists of its own).
     */
    public static Optional<Set<String>> knownTo(ServerConf conf, DistributionInfo distribution) {
        if (!openSourceJar(distribution)) {
            return Optional.empty();
        }
        return ConfKeys.of(distribution.jar()).map(known -> {
            Set<String> set = new TreeSet<>(conf.keys());
            set.retainAll(known);
            return set;
        });
    }

    private static boolean openSourceJar(DistributionInfo distribution) {
        return distribution != null && distribution.jar() != null && distribution.edition() == Edition.OPEN_SOURCE;
    }

    /**
     * Refuses the staged binaries when server.conf sets keys they dropped; otherwise what was
     * checked, or why nothing was, for the operation's log.
     */
    static String require(Path confFile, ServerConf conf, Optional<String> strictEnv, DistributionInfo staged,
            DistributionInfo installed) {
        if (!strict(conf, strictEnv)) {
            return "server.conf keys not checked against QuestDB " + staged.version() + ": " + STRICT_KEY
                    + " is off (server.conf, or " + STRICT_ENV + " in QuestDB's environment), unknown keys only warn";
        }
        if (!openSourceJar(installed) || !openSourceJar(staged)) {
            return "server.conf keys not checked against QuestDB " + staged.version()
                    + ": only between two Open Source questdb.jar installs";
        }
        Optional<Set<String>> before = knownTo(conf, installed);
        Optional<Set<String>> after = knownTo(conf, staged);
        if (before.isEmpty() || after.isEmpty()) {
            return "server.conf keys not checked against QuestDB " + staged.version() + ": no key list in "
                    + (before.isEmpty() ? installed.jar() : staged.jar());
        }
        Set<String> removed = new TreeSet<>(before.get());
        removed.removeAll(after.get());
        if (!removed.isEmpty()) {
            throw AgentException.failedPrecondition("server_conf_keys_removed", confFile + " sets " + String.join(", ", removed)
                    + ", which QuestDB " + staged.version() + " no longer knows: with " + STRICT_KEY + "=true its first start"
                    + " would exit 55 after the stop; remove " + (removed.size() == 1 ? "it" : "them") + " (or set " + STRICT_KEY
                    + "=false) and stage again");
        }
        return "server.conf: every key QuestDB " + installed.version() + " knows is known to " + staged.version() + " too ("
                + conf.keys().size() + " keys checked)";
    }
}
