package io.qfleet.agent.serverconf;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.AgentException;
import java.util.Optional;

/**
 * Where the agent connects to a local QuestDB: PG wire, main HTTP and the min HTTP server (health).
 * Addresses are connect targets: a wildcard bind ({@code 0.0.0.0}) becomes {@code 127.0.0.1}.
 */
public record QuestDbEndpoints(HostPort pg, HostPort http, HostPort httpMin) {
    static final String WILDCARD = "0.0.0.0";
    static final String LOOPBACK = "127.0.0.1";

    public QuestDbEndpoints {
        requireNonNull(pg, "pg");
        requireNonNull(http, "http");
        requireNonNull(httpMin, "httpMin");
    }

    /**
     * Reads the bind keys, newest name first: QuestDB still accepts the legacy {@code http.bind.to}
     * and {@code http.min.bind.to} (the docs use the latter, the template the {@code .net.} form).
     * {@code QDB_*} environment overrides are invisible here; {@code SHOW PARAMETERS} has the effective values.
     */
    public static QuestDbEndpoints from(ServerConf conf) {
        requireNonNull(conf, "conf");
        return new QuestDbEndpoints(
                endpoint(conf, "0.0.0.0:8812", "pg.net.bind.to"),
                endpoint(conf, "0.0.0.0:9000", "http.net.bind.to", "http.bind.to"),
                endpoint(conf, "0.0.0.0:9003", "http.min.net.bind.to", "http.min.bind.to"));
    }

    private static HostPort endpoint(ServerConf conf, String defaultValue, String... keys) {
        for (String key : keys) {
            Optional<String> value = conf.get(key).filter(v -> !v.isBlank());
            if (value.isPresent()) {
                return connectable(parse(key, value.get()));
            }
        }
        return connectable(HostPort.parse(defaultValue));
    }

    private static HostPort parse(String key, String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw AgentException.failedPrecondition("server_conf_invalid", "server.conf " + key + ": " + e.getMessage());
        }
    }

    private static HostPort connectable(HostPort bind) {
        return WILDCARD.equals(bind.host()) ? new HostPort(LOOPBACK, bind.port()) : bind;
    }
}
