package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;

/**
 * Server conf keys only QuestDB Enterprise knows. QuestDB OSS with {@code config.validation.strict=true}
 * (line 2 of the template it writes) exits 55 on any of them: "Invalid settings (not recognized,
 * probable typos)" (QUESTDB.md section 5 and pitfall 1). So they are written only after the swap to
 * Enterprise binaries and stripped on any rollback to OSS.
 *
 * <p>Checked against the OSS 9.2.2 jar ({@code ServerConfWriterIT}): OSS strict validation accepts
 * exactly the paths of its {@code io.questdb.PropertyKey} enum (580 keys) plus {@code http.redirect.N};
 * no rule below matches one of them, and every other key of its template ({@code io/questdb/site/conf/server.conf},
 * all in the "Enterprise configuration options" section) matches a rule. Not Enterprise-only, though
 * near: {@code cairo.snapshot.instance.id} (an OSS {@code PropertyKey}; Enterprise replication needs it
 * set per node) and {@code cairo.sql.backup.*} (OSS {@code BACKUP} keys, unlike Enterprise {@code backup.*}).
 */
public final class EnterpriseKeys {
    /** A prefix ({@code acl.}) or a whole key; {@code source} says where the classification comes from. */
    public record Rule(String pattern, String source) {
        public Rule {
            requireNonNull(pattern, "pattern");
            requireNonNull(source, "source");
        }

        public boolean isPrefix() {
            return pattern.endsWith(".");
        }

        public boolean matches(String key) {
            return isPrefix() ? key.startsWith(pattern) : key.equals(pattern);
        }
    }

    private static final String TEMPLATE = "OSS 9.2.2 template, 'Enterprise configuration options' section; not an OSS 9.2.2 PropertyKey";

    private static final List<Rule> RULES = List.of(
            new Rule("acl.", "QUESTDB.md 5 (V: OSS 9.2.2 strict exits 55 on acl.enabled, acl.admin.user, acl.admin.password);"
                    + " 6 ACL and OIDC (D configuration/iam.md, configuration/oidc.md: acl.oidc.*); " + TEMPLATE),
            new Rule("tls.", "QUESTDB.md 5 (V: exit 55 on tls.enabled, tls.cert.path, tls.private.key.path); 6 TLS (D security/tls.md); " + TEMPLATE),
            new Rule("http.tls.", "QUESTDB.md 6 TLS, per-endpoint keys (D configuration/tls.md); " + TEMPLATE),
            new Rule("http.min.tls.", "QUESTDB.md 6 TLS, per-endpoint keys (D configuration/tls.md); " + TEMPLATE),
            new Rule("pg.tls.", "QUESTDB.md 6 TLS, per-endpoint keys (D configuration/tls.md); " + TEMPLATE),
            new Rule("line.tcp.tls.", "QUESTDB.md 6 TLS, per-endpoint keys (D configuration/tls.md); " + TEMPLATE),
            new Rule("line.tcp.acl.enabled", "QUESTDB.md 6 ACL (D getting-started/enterprise-quick-start.md); not an OSS 9.2.2 PropertyKey"),
            new Rule("replication.", "QUESTDB.md 5 (V: exit 55 on replication.role, replication.object.store);"
                    + " 6 Replication (D configuration/database-replication.md); " + TEMPLATE),
            new Rule("backup.", "QUESTDB.md 6, EE backup keys of newer releases (D operations/backup.md: backup.enabled,"
                    + " backup.object.store, backup.schedule.*, ...); no OSS 9.2.2 PropertyKey starts with backup."),
            new Rule("checkpoint.history.", "QUESTDB.md 3, EE replication checkpoint history (D operations/backup.md);"
                    + " not an OSS 9.2.2 PropertyKey"),
            new Rule("cold.storage.", TEMPLATE),
            new Rule("native.async.io.threads", TEMPLATE),
            new Rule("native.max.blocking.threads", TEMPLATE));

    private EnterpriseKeys() {
    }

    /** The classification table, in a stable order. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** True when OSS does not know {@code key} and only Enterprise does. */
    public static boolean isEnterpriseOnly(String key) {
        requireNonNull(key, "key");
        return RULES.stream().anyMatch(rule -> rule.matches(key));
    }

    /** The Enterprise-only keys among {@code keys}, in their order. */
    public static List<String> enterpriseOnly(Collection<String> keys) {
        requireNonNull(keys, "keys");
        return keys.stream().filter(EnterpriseKeys::isEnterpriseOnly).toList();
    }
}
