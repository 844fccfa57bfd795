package io.qfleet.coordinator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

/**
 * The fleet file as written, before checks: Jackson binds the YAML tree to these records, refusing
 * unknown and missing required keys. {@link FleetFileValidator} turns them into {@link FleetFile}.
 * A new key is a component here (its YAML name in {@code @JsonProperty}) and a line there.
 */
record FleetDocument(
        @JsonProperty(value = "target", required = true) TargetDocument target,
        @JsonProperty(value = "hosts", required = true) List<HostDocument> hosts,
        @JsonProperty("timeouts") TimeoutsDocument timeouts,
        @JsonProperty("rollout") RolloutDocument rollout,
        @JsonProperty("backup") BackupDocument backup,
        @JsonProperty("agents") AgentsDocument agents,
        @JsonProperty("tls") TlsDocument tls,
        @JsonProperty("admins") List<AdminDocument> admins,
        @JsonProperty("access") AccessDocument access,
        @JsonProperty("enterprise_steps") String enterpriseSteps,
        @JsonProperty("replication") ReplicationDocument replication) {

    record ReplicationDocument(
            @JsonProperty(value = "object_store", required = true) String objectStore,
            @JsonProperty("clear_fs_store") List<String> clearFsStore) {}

    record TlsDocument(
            @JsonProperty("cert") String cert,
            @JsonProperty("key") String key,
            @JsonProperty("address") String address,
            @JsonProperty("expiry_window_days") Integer expiryWindowDays,
            @JsonProperty("per_endpoint") Boolean perEndpoint,
            @JsonProperty("demo") Boolean demo) {}

    record AdminDocument(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "password", required = true) String password) {}

    record AccessDocument(
            @JsonProperty("groups") List<GroupDocument> groups,
            @JsonProperty("users") List<UserDocument> users,
            @JsonProperty("service_accounts") List<ServiceAccountDocument> serviceAccounts) {}

    record GrantDocument(
            @JsonProperty(value = "permissions", required = true) List<String> permissions,
            @JsonProperty("tables") List<String> tables,
            @JsonProperty("all_tables") Boolean allTables) {}

    record GroupDocument(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("grants") List<GrantDocument> grants) {}

    record UserDocument(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("password") String password,
            @JsonProperty("groups") List<String> groups,
            @JsonProperty("grants") List<GrantDocument> grants) {}

    record ServiceAccountDocument(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("password") String password,
            @JsonProperty("owned_by") String ownedBy,
            @JsonProperty("grants") List<GrantDocument> grants,
            @JsonProperty("assumable_by") List<String> assumableBy) {}

    record AgentsDocument(
            @JsonProperty("ca") String ca,
            @JsonProperty("client_cert") String clientCert,
            @JsonProperty("client_key") String clientKey,
            @JsonProperty("token") String token,
            @JsonProperty("plaintext") Boolean plaintext) {}

    record TargetDocument(
            @JsonProperty(value = "distribution", required = true) String distribution,
            @JsonProperty(value = "sha256", required = true) String sha256,
            @JsonProperty(value = "version", required = true) String version) {}

    record HostDocument(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "agent", required = true) String agent,
            @JsonProperty("role") String role,
            @JsonProperty("cluster") String cluster,
            @JsonProperty("timeouts") TimeoutsDocument timeouts,
            @JsonProperty("backup") BackupDocument backup) {}

    record BackupDocument(
            @JsonProperty("compression") String compression,
            @JsonProperty("level") Integer level,
            @JsonProperty("workers") Integer workers,
            @JsonProperty("timeout_seconds") Integer timeoutSeconds) {}

    record RolloutDocument(
            @JsonProperty("stage_parallelism") Integer stageParallelism,
            @JsonProperty("waves") List<String> waves,
            @JsonProperty("max_unavailable") Integer maxUnavailable,
            @JsonProperty("max_failures") String maxFailures) {}

    record TimeoutsDocument(
            @JsonProperty("stop_seconds") Integer stopSeconds,
            @JsonProperty("health_gate_seconds") Integer healthGateSeconds,
            @JsonProperty("wal_apply_seconds") Integer walApplySeconds,
            @JsonProperty("agent_grace_seconds") Integer agentGraceSeconds) {}

    /** The YAML keys of a document record, in declaration order. */
    static List<String> keys(Class<?> record) {
        if (!record.isRecord()) {
            return List.of();
        }
        return Arrays.stream(record.getRecordComponents()).map(FleetDocument::key).toList();
    }

    /** The document type bound at {@code path} ({@code TargetDocument} at "target"), or null. */
    static Type typeAt(KeyPath path) {
        if (path.isRoot()) {
            return FleetDocument.class;
        }
        Type parent = typeAt(path.parent());
        if (path.key() == null) {
            return parent instanceof ParameterizedType list ? list.getActualTypeArguments()[0] : null;
        }
        if (!(parent instanceof Class<?> type) || !type.isRecord()) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents())
                .filter(c -> key(c).equals(path.key()))
                .map(RecordComponent::getGenericType)
                .findFirst()
                .orElse(null);
    }

    private static String key(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }
}
