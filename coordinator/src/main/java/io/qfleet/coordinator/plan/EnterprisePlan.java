package io.qfleet.coordinator.plan;

import io.qfleet.coordinator.fleet.EnterpriseSettings;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.workflow.HostWorkflow;
import io.qfleet.coordinator.workflow.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Enterprise sections of the fleet file add to one host's plan: the steps, why each runs,
 * and the server.conf lines qfleet will write (secrets shown as {@code ***}, admin passwords never).
 * Pure; the same files and keys as the agent's TLS and admin steps.
 */
final class EnterprisePlan {
    /** Where the agent installs the checked material ({@code TlsStep.INSTALL_DIR} on the agent). */
    static final String INSTALLED = "<root>/conf/qfleet-tls/";

    private final EnterpriseSettings settings;
    private final EnterpriseSettings.Tls tls;

    EnterprisePlan(EnterpriseSettings settings, HostEntry host) {
        this.settings = settings;
        this.tls = settings.tls() == null ? null : settings.tls().forHost(host);
    }

    List<Step> path() {
        return HostWorkflow.forward(tls != null, !settings.admins().isEmpty());
    }

    String reason(Step step) {
        return switch (step) {
            case STAGE -> settings.any() ? "the distribution must be QuestDB Enterprise (TLS and admin steps need it)" : "";
            case TLS_CHECK -> tls.demo() ? "demo mode: QuestDB generates a self-signed certificate (tests only)"
                    : "reads " + tls.cert() + " and " + tls.key() + " on the host before anything stops: key matches, chain in order,"
                            + " valid for " + tls.expiryWindowDays() + " more days, names cover " + tls.address()
                            + "; installs them in " + INSTALLED + " (key 0600)";
            case SWAP -> settings.stepByStep() || !settings.any() ? "" : "writes the Enterprise keys below, so the first start serves them";
            case TLS -> settings.stepByStep() ? "writes tls.* keys, restarts, verifies a TLS handshake on the PG and HTTP ports"
                    : "verifies a TLS handshake on the PG and HTTP ports (keys written in the swap)";
            case ADMINS -> (settings.stepByStep() ? "overrides the built-in admin's password, restarts; " : "")
                    + "creates admin accounts " + String.join(", ", settings.admins().stream().map(EnterpriseSettings.Admin::name).toList())
                    + " (GRANT ALL ... WITH GRANT OPTION), checks each logs in, disables the built-in admin, restarts, checks it is refused";
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
        return List.copyOf(lines);
    }
}
