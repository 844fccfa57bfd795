package io.qfleet.coordinator.plan;

import io.qfleet.coordinator.client.ServerConfPreview;
import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.ObjectStoreString;
import io.qfleet.coordinator.fleet.ReplicationSettings;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the Enterprise sections of the fleet file add to one host's plan: the steps, why each runs
 * (the object store with its secret parts masked), and what to ask the agent to preview in
 * server.conf. Pure.
 */
final class EnterprisePlan {
    /** Where the agent installs the checked material ({@code TlsStep.INSTALL_DIR} on the agent). */
    static final String INSTALLED = "<root>/conf/qfleet-tls/";

    private final EnterpriseSettings settings;
    private final EnterpriseSettings.Tls tls;
    private final HostEntry host;
    private final ReplicationSettings replication;
    private final HostEntry primary;

    /** {@code primary}: the primary of the host's cluster (a replica is seeded from it), or null. */
    EnterprisePlan(EnterpriseSettings settings, HostEntry host, HostEntry primary) {
        this.settings = settings;
        this.tls = settings.tls() == null ? null : settings.tls().forHost(host);
        this.host = host;
        this.replication = host.role() == Role.STANDALONE ? null : settings.replication();
        this.primary = primary;
    }

    List<Step> path() {
        return HostWorkflow.forward(tls != null, !settings.admins().isEmpty(), replication == null ? null : host.role());
    }

    /** The role the run gives the host in replication, or null without replication. */
    Role replicationRole() {
        return replication == null ? null : host.role();
    }

    /**
     * Why a step runs on a host already on the target ({@code HostWorkflow.finishing}): no swap wrote
     * any key, so the TLS and admins steps write theirs as in the step-by-step order.
     */
    String finishingReason(Step step) {
        return switch (step) {
            case PREFLIGHT -> "";
            case TLS -> "tls.enabled is not set in server.conf: writes tls.* keys, restarts, verifies a TLS handshake on the PG and "
                    + "HTTP ports";
            case ADMINS -> "the built-in admin is not disabled: overrides its password, restarts; " + adminsReason();
            case REPLICATION -> "replication.role is not " + host.role().label() + " in server.conf: " + reason(step);
            default -> reason(step);
        };
    }

    /** The store string with its secrets as {@code ***}: the plan is printed and written to plan.json. */
    private String store() {
        return ObjectStoreString.masked(replication.storeFor(host.cluster()));
    }

    String reason(Step step) {
        return switch (step) {
            case STAGE -> settings.any() ? "the distribution must be QuestDB Enterprise (TLS, admin and replication steps need it)" : "";
            case REPLICATION_CHECK -> "checks the object store " + store() + " on the host before anything is uploaded"
                    + (store().startsWith("fs::") ? "; claims the fs:: directory for cluster " + host.cluster() + " (empty, or ours;"
                            + (replication.clearFsStore(host.cluster()) ? " anything else is CLEARED, as clear_fs_store says)"
                                    : " anything else is refused unless clear_fs_store names the cluster)") : "");
            case REPLICATION -> host.role() == Role.PRIMARY
                    ? "writes replication.role=primary, the object store and this node's instance id, restarts"
                    : "seeded from a checkpoint of " + (primary == null ? "its primary" : primary.name()) + " taken after replication is"
                            + " on there (copied through qfleet); its own db and .checkpoint kept aside; role replica, its own instance"
                            + " id; restarts";
            case TLS_CHECK -> tls.demo() ? "demo mode: QuestDB generates a self-signed certificate (tests only)"
                    : "reads " + tls.cert() + " and " + tls.key() + " on the host before anything stops: key matches, chain in order,"
                            + " valid for " + tls.expiryWindowDays() + " more days, names cover " + tls.address()
                            + "; installs them in " + INSTALLED + " (key 0600)";
            case SWAP -> settings.stepByStep() || (tls == null && settings.admins().isEmpty()) ? ""
                    : "writes " + (tls == null ? "" : "the TLS keys" + (settings.admins().isEmpty() ? "" : " and "))
                            + (settings.admins().isEmpty() ? "" : "the built-in admin's password override")
                            + " (server.conf below), so the first start serves them";
            case TLS -> settings.stepByStep() ? "writes tls.* keys, restarts, verifies a TLS handshake on the PG and HTTP ports"
                    : "verifies a TLS handshake on the PG and HTTP ports (keys written in the swap)";
            case ADMINS -> (settings.stepByStep() ? "overrides the built-in admin's password, restarts; " : "") + adminsReason();
            default -> "";
        };
    }

    private String adminsReason() {
        return "creates admin accounts " + String.join(", ", settings.admins().stream().map(EnterpriseSettings.Admin::name).toList())
                    + " (GRANT ALL ... WITH GRANT OPTION), checks each logs in, disables the built-in admin, restarts, checks it is refused"
                    + (settings.access() == null ? "" : "; then, as " + settings.admins().get(0).name() + ": "
                            + String.join(", ", settings.access().describe()));
    }

    /**
     * What the run writes into server.conf, for the agent's preview (the agent builds the keys with
     * the steps' own code); {@link ServerConfPreview.Request#NONE} for an Open Source upgrade.
     */
    ServerConfPreview.Request previewRequest() {
        return previewRequest(settings.stepByStep(), EnumSet.of(Step.TLS, Step.ADMINS, Step.REPLICATION));
    }

    /** Only {@code steps}' keys, each written by its own step: a host on the target has no swap to write them. */
    ServerConfPreview.Request previewRequest(Set<Step> steps) {
        return previewRequest(true, steps);
    }

    private ServerConfPreview.Request previewRequest(boolean stepByStep, Set<Step> steps) {
        return new ServerConfPreview.Request(stepByStep,
                tls == null || !steps.contains(Step.TLS) ? null : new ServerConfPreview.Tls(tls.demo(), tls.perEndpoint()),
                !settings.admins().isEmpty() && steps.contains(Step.ADMINS),
                replication == null || !steps.contains(Step.REPLICATION) ? null : new ServerConfPreview.Replication(
                        host.role() == Role.PRIMARY, replication.storeFor(host.cluster()), ReplicationSettings.instanceId(host)));
    }
}
