package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server.conf keys that make QuestDB Enterprise serve installed TLS material (QUESTDB.md
 * section 6, TLS). The min HTTP server (health, metrics) stays plain: the agent's health probe and
 * load balancers read it over HTTP, and it binds where the operator chose (often loopback).
 */
final class TlsConfKeys {
    static final List<String> ENDPOINTS = List.of("http", "pg", "line.tcp");

    private TlsConfKeys() {
    }

    static Map<String, String> keys(OperationResult.TlsDone tls) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tls.enabled", "true");
        if (tls.certPath().isEmpty()) {
            keys.put("tls.demo.mode", "true");
        } else {
            keys.put("tls.cert.path", tls.certPath());
            keys.put("tls.private.key.path", tls.keyPath());
            if (tls.perEndpoint()) {
                for (String endpoint : ENDPOINTS) {
                    keys.put(endpoint + ".tls.enabled", "true");
                    keys.put(endpoint + ".tls.cert.path", tls.certPath());
                    keys.put(endpoint + ".tls.private.key.path", tls.keyPath());
                }
            }
        }
        keys.put("http.min.tls.enabled", "false");
        return keys;
    }
}
