package io.qfleet.agent.serverconf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classification table; ServerConfWriterIT checks it against the OSS 9.2.2 jar's own key set. */
class EnterpriseKeysTest {
    @Test
    void enterpriseOnlyKeys() {
        for (String key : List.of("acl.enabled", "acl.admin.user", "acl.admin.password", "acl.admin.password.file", "acl.oidc.enabled",
                "tls.enabled", "tls.cert.path", "tls.private.key.path", "tls.demo.mode", "http.tls.enabled", "http.min.tls.cert.path",
                "pg.tls.enabled", "line.tcp.tls.private.key.path", "line.tcp.acl.enabled", "replication.role", "replication.object.store",
                "backup.enabled", "backup.object.store", "backup.schedule.cron", "checkpoint.history.enabled", "cold.storage.enabled",
                "native.async.io.threads", "native.max.blocking.threads")) {
            assertTrue(EnterpriseKeys.isEnterpriseOnly(key), key);
        }
    }

    @Test
    void openSourceKeysThatLookClose() {
        for (String key : List.of("cairo.snapshot.instance.id", "cairo.snapshot.recovery.enabled", "cairo.checkpoint.recovery.enabled",
                "cairo.sql.backup.root", "cairo.sql.backup.dir.datetime.format", "http.enabled", "http.min.enabled", "pg.enabled",
                "line.tcp.enabled", "http.net.bind.to", "pg.user", "pg.password", "http.user", "http.password",
                "config.validation.strict", "line.tcp.auth.db.path", "acl", "tls", "replication", "native.something.else",
                "http.redirect.1", "query.timeout")) {
            assertFalse(EnterpriseKeys.isEnterpriseOnly(key), key);
        }
    }

    @Test
    void everyRuleNamesItsSourceAndIsAPrefixOrAWholeKey() {
        assertEquals(13, EnterpriseKeys.rules().size());
        for (EnterpriseKeys.Rule rule : EnterpriseKeys.rules()) {
            assertFalse(rule.source().isBlank(), rule.pattern());
            assertTrue(rule.isPrefix() || rule.pattern().chars().filter(c -> c == '.').count() >= 2, rule.pattern());
        }
        assertEquals(List.of("acl.enabled", "replication.role"),
                EnterpriseKeys.enterpriseOnly(List.of("pg.user", "acl.enabled", "cairo.snapshot.instance.id", "replication.role")));
    }
}
