package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationCancelledException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One guarded, atomic edit of the host's server.conf by a step: the previous file kept beside it,
 * Enterprise-only keys refused unless {@code edition} is Enterprise, and only key names (never
 * values) reported.
 */
final class ConfChange {
    private ConfChange() {
    }

    /** An edit of the current file setting {@code keys}; nothing written yet. */
    static ServerConfEdit setting(QuestDbHost host, Map<String, String> keys) {
        ServerConfEdit edit = ServerConfEdit.of(ServerConf.read(host.confFile()), Clock.systemUTC());
        keys.forEach(edit::set);
        return edit;
    }

    /**
     * Sets {@code keys} and restarts QuestDB on them. When it does not come back healthy, the file goes back
     * as it was and QuestDB is restarted on it (DESIGN section 2: steps 9 to 11 undo by removing their keys
     * and restarting), and the step fails saying so: QuestDB serves as before the step instead of staying
     * down on keys it rejects. Key names only in messages, never values.
     */
    static void setAndRestart(QuestDbHost host, Map<String, String> keys, Edition edition, int stopTimeoutSeconds,
            int healthTimeoutSeconds, OperationContext context) {
        setAndRestart(host, keys, edition, null, stopTimeoutSeconds, healthTimeoutSeconds, context);
    }

    /**
     * As above, the agent connecting as {@code loginOnNewKeys} from the write on (the admins step's keys change
     * its own login; null: unchanged); an undo puts the agent's credentials back with the file.
     */
    static void setAndRestart(QuestDbHost host, Map<String, String> keys, Edition edition, PgCredentials.Login loginOnNewKeys,
            int stopTimeoutSeconds, int healthTimeoutSeconds, OperationContext context) {
        Optional<PgCredentials.Login> loginBefore = host.credentials().stored();
        ServerConfWriter.Result written = write(host, setting(host, keys), edition, context);
        try {
            if (loginOnNewKeys != null) {
                host.credentials().replace(loginOnNewKeys);
            }
            Restart.restart(host, stopTimeoutSeconds, healthTimeoutSeconds, context);
        } catch (RuntimeException failed) { // a cancel too: QuestDB must not stay down on the new keys
            if (!written.written()) {
                throw failed; // the file was not changed: nothing of this step's to put back
            }
            undo(host, keys, written, loginOnNewKeys != null, loginBefore, stopTimeoutSeconds, healthTimeoutSeconds, context, failed);
        }
    }

    /**
     * Puts the file (and, when {@code loginChanged}, the agent's {@code loginBefore}) back and restarts QuestDB
     * on them, then fails with {@code server_conf_undone}, or rethrows a cancel once QuestDB serves again: a
     * cancel during the restart must not leave it down on the new keys, so the undo's restart ignores it.
     */
    private static void undo(QuestDbHost host, Map<String, String> keys, ServerConfWriter.Result written, boolean loginChanged,
            Optional<PgCredentials.Login> loginBefore, int stopTimeoutSeconds, int healthTimeoutSeconds, OperationContext context,
            RuntimeException failed) {
        String names = String.join(", ", new TreeSet<>(keys.keySet()));
        try {
            ServerConfWriter.putBack(host.confFile(), written);
        } catch (AgentException putBackFailed) {
            putBackFailed.addSuppressed(failed);
            throw putBackFailed; // the login stays the one the file still asks for
        }
        if (loginChanged) {
            try {
                host.credentials().restore(loginBefore);
            } catch (AgentException notRestored) {
                failed.addSuppressed(notRestored); // QuestDB is restarted all the same: serving beats the agent's login
            }
        }
        context.info("QuestDB did not come back on " + names + " (" + failed.getMessage() + "); server.conf is back as it was,"
                + " restarting QuestDB on it");
        try {
            Restart.restart(host, stopTimeoutSeconds, healthTimeoutSeconds, uncancellable(context));
        } catch (AgentException again) {
            again.addSuppressed(failed);
            throw new AgentException(AgentException.Kind.FAILED_PRECONDITION, "server_conf_undo_failed", "QuestDB did not come back"
                    + " on " + names + " (" + failed.getMessage() + "), nor on server.conf put back as it was ("
                    + again.getMessage() + "); see QuestDB's log", false, again);
        }
        if (failed instanceof OperationCancelledException) {
            throw failed;
        }
        throw new AgentException(AgentException.Kind.FAILED_PRECONDITION, "server_conf_undone", "QuestDB did not come back on "
                + names + " (" + failed.getMessage() + "); server.conf is back as it was and QuestDB serves on it again", false, failed);
    }

    /** {@code context} that no longer reports a cancel: for work that must finish once begun. */
    private static OperationContext uncancellable(OperationContext context) {
        return new OperationContext() {
            @Override
            public String operationId() {
                return context.operationId();
            }

            @Override
            public void info(String message) {
                context.info(message);
            }

            @Override
            public void progress(String message, long done, long total, String unit) {
                context.progress(message, done, total, unit);
            }

            @Override
            public boolean cancelled() {
                return false;
            }

            @Override
            public <T extends OperationResult> T resultOf(String operationId, Class<T> type) {
                return context.resultOf(operationId, type);
            }
        };
    }

    static ServerConfWriter.Result write(QuestDbHost host, ServerConfEdit edit, Edition edition, OperationContext context) {
        ServerConfWriter.Result result = ServerConfWriter.write(host.confFile(), edit, edition);
        edit.warnings().forEach(warning -> context.info("server.conf: " + warning));
        context.info(result.summary() + result.previous().map(p -> "; previous file kept as " + p).orElse(""));
        return result;
    }
}
