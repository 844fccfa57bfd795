package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.secrets.PgCredentials;
import java.util.List;
import java.util.Map;

/**
 * What the admins and access steps need from their host: SQL as the agent's login, a login check as
 * another account, the agent's credentials, and server.conf keys that a restart makes effective.
 * {@link QuestDbAclHost} is the real host. The seam exists because the steps' guards only fire
 * against QuestDB Enterprise, which cannot run in unit tests: those give a fake that answers as it would.
 */
interface AclHost {
    /** The installed edition, read before anything changes: Enterprise-only keys are refused on Open Source. */
    Edition edition();

    /** The built-in admin's name ({@code acl.admin.user}, default {@code admin}). */
    String builtinAdminUser();

    /**
     * server.conf has {@code acl.admin.user.enabled=false}: an earlier attempt of step 10 created the
     * admins and disabled the built-in admin, and the agent connects as the first admin since.
     */
    boolean builtinAdminDisabled();

    /** The credentials the agent connects with. */
    PgCredentials credentials();

    /** Runs {@code statement} as the agent's current login; an AgentException's message may quote the statement. */
    void run(String statement);

    /** Column 1 of every row of {@code query}, as the agent's current login. */
    List<String> firstColumn(String query);

    /** {@code login} connects over PG wire and answers {@code SELECT 1}. */
    boolean logsIn(PgCredentials.Login login);

    /**
     * Sets {@code keys} in server.conf (guarded, atomic, previous file kept), the agent connecting as
     * {@code loginOnNewKeys} from then on, and restarts QuestDB on them; when it does not come back, the
     * file and the login go back and QuestDB is restarted on them, and this throws ({@code server_conf_undone}).
     */
    void setAndRestart(Map<String, String> keys, Edition edition, PgCredentials.Login loginOnNewKeys, int stopTimeoutSeconds,
            int healthTimeoutSeconds, OperationContext context);
}
