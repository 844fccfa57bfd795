package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.secrets.PgCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for a QuestDB Enterprise host behind {@link AclHost}: Enterprise is not public, so the
 * admins and access steps' guards cannot meet a real one in unit tests. It answers as Enterprise
 * does as far as the steps can tell: {@code CREATE USER}/{@code ALTER USER ... WITH PASSWORD} set a
 * password a login is checked against; server.conf keys take effect only after a restart; the
 * built-in admin logs in with {@code acl.admin.password} (default {@code quest}) until a restart with
 * {@code acl.admin.user.enabled=false}. Two switches break it the ways the guards exist for: a login
 * refused although the user was created, a built-in admin the server keeps enabled. A statement can
 * be made to fail with a server message that quotes the statement, as PG wire errors do.
 */
final class FakeEnterpriseAclHost implements AclHost {
    private static final Pattern SET_PASSWORD = Pattern.compile(
            "(?:CREATE USER IF NOT EXISTS|ALTER USER) \"((?:[^\"]|\"\")+)\" WITH PASSWORD '((?:[^']|'')*)'", Pattern.DOTALL);

    private final PgCredentials credentials;
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, String> confWritten = new HashMap<>();
    private final Map<String, String> confServed = new HashMap<>();
    private final Set<String> refusedLogins = new HashSet<>();
    private final List<String> statements = new ArrayList<>();
    private boolean builtinAdminAlwaysEnabled;
    private String failingStatementPrefix;
    private int restarts;

    /** @param stateDir where the agent's credentials file goes (a temp dir) */
    FakeEnterpriseAclHost(Path stateDir) {
        this.credentials = new PgCredentials(stateDir, "admin", () -> "quest");
    }

    /** {@code user} is created, but its login is refused (e.g. no PGWIRE grant). */
    FakeEnterpriseAclHost refusingLoginOf(String user) {
        refusedLogins.add(user);
        return this;
    }

    /** The built-in admin keeps logging in whatever server.conf says. */
    FakeEnterpriseAclHost keepingTheBuiltinAdminEnabled() {
        builtinAdminAlwaysEnabled = true;
        return this;
    }

    /** A statement starting with {@code prefix} fails; the server's message quotes the whole statement. */
    FakeEnterpriseAclHost failingOn(String prefix) {
        failingStatementPrefix = prefix;
        return this;
    }

    List<String> statements() {
        return statements;
    }

    /** Every key written to server.conf, served or not yet. */
    Map<String, String> confWritten() {
        return confWritten;
    }

    int restarts() {
        return restarts;
    }

    @Override
    public Edition edition() {
        return Edition.ENTERPRISE;
    }

    @Override
    public String builtinAdminUser() {
        return "admin";
    }

    @Override
    public boolean builtinAdminDisabled() {
        return "false".equals(confWritten.get(BuiltinAdmin.ENABLED_KEY));
    }

    @Override
    public PgCredentials credentials() {
        return credentials;
    }

    @Override
    public void run(String statement) {
        statements.add(statement);
        if (failingStatementPrefix != null && statement.startsWith(failingStatementPrefix)) {
            throw AgentException.failedPrecondition("sql_failed", "ERROR: could not execute [" + statement + "]");
        }
        Matcher set = SET_PASSWORD.matcher(statement);
        if (set.matches()) {
            passwords.put(set.group(1).replace("\"\"", "\""), set.group(2).replace("''", "'"));
        }
    }

    @Override
    public List<String> firstColumn(String query) {
        statements.add(query);
        return List.of(); // SHOW GROUPS of a new user: none yet
    }

    @Override
    public boolean logsIn(PgCredentials.Login login) {
        if (login.user().equals(builtinAdminUser())) {
            boolean enabled = builtinAdminAlwaysEnabled || !"false".equals(confServed.get(BuiltinAdmin.ENABLED_KEY));
            return enabled && login.password().equals(confServed.getOrDefault(BuiltinAdmin.PASSWORD_KEY, "quest"));
        }
        return !refusedLogins.contains(login.user()) && login.password().equals(passwords.get(login.user()));
    }

    /** Writes and serves the keys as a restart would; the undo is RestartIT's, on a real server. */
    @Override
    public void setAndRestart(Map<String, String> keys, Edition edition, PgCredentials.Login loginOnNewKeys, int stopTimeoutSeconds,
            int healthTimeoutSeconds, OperationContext context) {
        confWritten.putAll(keys);
        credentials.replace(loginOnNewKeys);
        restarts++;
        confServed.clear();
        confServed.putAll(confWritten);
    }
}
