package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.serverconf.EnterpriseKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsConfKeysTest {
    @Test
    void everyTlsKeyIsEnterpriseOnlySoTheGuardKeepsItOffOpenSource() {
        Map<String, String> keys = TlsConfKeys.keys(new OperationResult.TlsDone("/r/conf/qfleet-tls/cert.pem",
                "/r/conf/qfleet-tls/key.pem", "CN=x", "2027-01-01T00:00:00Z", List.of(), "", true));
        assertEquals("true", keys.get("tls.enabled"));
        assertEquals("/r/conf/qfleet-tls/key.pem", keys.get("pg.tls.private.key.path"));
        assertEquals("false", keys.get("http.min.tls.enabled"), "the health endpoint stays plain HTTP");
        assertEquals(keys.keySet().stream().toList(), EnterpriseKeys.enterpriseOnly(keys.keySet()));
        assertEquals(4 + 9, keys.size());
    }

    @Test
    void demoModeNamesNoFiles() {
        Map<String, String> keys = TlsConfKeys.keys(new OperationResult.TlsDone("", "", "", "", List.of(), "", false));
        assertEquals(Map.of("tls.enabled", "true", "tls.demo.mode", "true", "http.min.tls.enabled", "false"), keys);
        assertTrue(EnterpriseKeys.enterpriseOnly(keys.keySet()).containsAll(keys.keySet()));
    }
}
