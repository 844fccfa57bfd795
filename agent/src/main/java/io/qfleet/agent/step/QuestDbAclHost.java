package io.qfleet.agent.step;

import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.secrets.PgCredentials;
import java.util.List;
import java.util.Map;

/** {@link AclHost} on the agent's host: SQL over PG wire, server.conf through {@link ConfChange}, {@link Restart}. */
final class QuestDbAclHost implements AclHost {
    private final QuestDbHost host;

    QuestDbAclHost(QuestDbHost host) {
        this.host = host;
    }

    @Override
    public Edition edition() {
        return DistributionLayout.describe(host.installDir()).edition();
    }

    @Override
    public String builtinAdminUser() {
        return BuiltinAdmin.user(host);
    }

    @Override
    public boolean builtinAdminDisabled() {
        return BuiltinAdmin.disabled(host);
    }

    @Override
    public PgCredentials credentials() {
        return host.credentials();
    }

    @Override
    public void run(String statement) {
        host.sql().run(statement);
    }

    @Override
    public List<String> firstColumn(String query) {
        return host.sql().firstColumn(query);
    }

    @Override
    public boolean logsIn(PgCredentials.Login login) {
        return host.sql(login).answers();
    }

    @Override
    public void setAndRestart(Map<String, String> keys, Edition edition, PgCredentials.Login loginOnNewKeys, int stopTimeoutSeconds,
            int healthTimeoutSeconds, OperationContext context) {
        ConfChange.setAndRestart(host, keys, edition, loginOnNewKeys, stopTimeoutSeconds, healthTimeoutSeconds, context);
    }
}
