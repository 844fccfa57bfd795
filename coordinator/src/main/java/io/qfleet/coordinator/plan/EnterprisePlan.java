package io.qfleet.coordinator.plan;

import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.ObjectStoreString;
import io.qfleet.coordinator.fleet.ReplicationSettings;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Enterprise sections of the fleet file add to one host's plan: the steps, why each runs,
 * and the server.conf lines qfleet will write (secrets shown as {@code ***}, admin passwords never;
 * the object store with its secret parts masked).
 * Pure; the same files and keys as the agent's TLS and admin steps.
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
            case SWAP -> settings.stepByStep() || !settings.any() ? "" : "writes the Enterprise keys below, so the first start serves them";
            case TLS -> settings.stepByStep() ? "writes tls.* keys, restarts, verifies a TLS handshake on the PG and HTTP ports"
                    : "verifies a TLS handshake on the PG and HTTP ports (keys written in the swap)";
            case ADMINS -> (settings.stepByStep() ? "overrides the built-in admin's password, restarts; " : "")
                    + "creates admin accounts " + String.join(", ", settings.admins().stream().map(EnterpriseSettings.Admin::name).toList())
                    + " (GRANT ALL ... WITH GRANT OPTION), checks each logs in, disables the built-in admin, restarts, checks it is refused"
                    + (settings.access() == null ? "" : "; then, as " + settings.admins().get(0).name() + ": "
                            + String.join(", ", settings.access().describe()));
            default -> "";
        };
    }

    /** server.conf lines, in the step that writes them; empty for an Open Source upgrade. */
    List<String> serverConfChanges() {
        List<String> lines = new ArrayList<>();
        String tlsStep = settings.stepByStep() ? "tls: " : "swap: ";
        if (tls != null) {
            lines.add(tlsStep + "+ tls.enabled=true");
            if (tls.demo()) {
                lines.add(tlsStep + "+ tls.demo.mode=true");
            } else {
                lines.add(tlsStep + "+ tls.cert.path=" + INSTALLED + "cert.pem");
                lines.add(tlsStep + "+ tls.private.key.path=" + INSTALLED + "key.pem");
                if (tls.perEndpoint()) {
                    lines.add(tlsStep + "+ http.tls.*, pg.tls.*, line.tcp.tls.* (enabled, cert.path, private.key.path) = the same files");
                }
            }
            lines.add(tlsStep + "+ http.min.tls.enabled=false (the health endpoint stays plain HTTP)");
        }
        if (!settings.admins().isEmpty()) {
            lines.add((settings.stepByStep() ? "admins: " : "swap: ") + "+ acl.admin.password=*** (random, known only to the agent)");
            lines.add("admins: + acl.admin.user.enabled=false");
        }
        if (replication != null) {
            lines.add("replication: + replication.role=" + host.role().label());
            lines.add("replication: + replication.object.store=" + store());
            lines.add("replication: + cairo.snapshot.instance.id=" + ReplicationSettings.instanceId(host));
        }
        return List.copyOf(lines);
    }
}
