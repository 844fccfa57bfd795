package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import io.qfleet.agent.questdb.Edition;
import java.time.Clock;
import java.util.Map;

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

    static ServerConfWriter.Result write(QuestDbHost host, ServerConfEdit edit, Edition edition, OperationContext context) {
        ServerConfWriter.Result result = ServerConfWriter.write(host.confFile(), edit, edition);
        edit.warnings().forEach(warning -> context.info("server.conf: " + warning));
        context.info(result.summary() + result.previous().map(p -> "; previous file kept as " + p).orElse(""));
        return result;
    }
}
