package io.qfleet.coordinator.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The fleet file's Enterprise sections: TLS material per host, the operator's admin accounts, and
 * whether their server.conf keys go in with the swap (default: the first start already serves TLS
 * with the built-in admin's password overridden) or one restart per change ({@code step_by_step}).
 * Only meaningful with an Enterprise target: a run refuses an Open Source distribution at staging.
 *
 * @param tls null when the fleet file has no {@code tls} section
 * @param replication null when the fleet file has no {@code replication} section
 * @param access null when the fleet file has no {@code access} section (it needs {@code admins})
 */
public record EnterpriseSettings(Tls tls, List<Admin> admins, boolean stepByStep, ReplicationSettings replication,
        AccessSettings access) {
    public static final EnterpriseSettings NONE = new EnterpriseSettings(null, List.of(), false);
    static final String HOST_PLACEHOLDER = "{host}";

    public EnterpriseSettings {
        admins = List.copyOf(requireNonNull(admins, "admins"));
    }

    /** Without replication and optional accounts. */
    public EnterpriseSettings(Tls tls, List<Admin> admins, boolean stepByStep) {
        this(tls, admins, stepByStep, null, null);
    }

    /** Without optional accounts. */
    public EnterpriseSettings(Tls tls, List<Admin> admins, boolean stepByStep, ReplicationSettings replication) {
        this(tls, admins, stepByStep, replication, null);
    }

    /** Whether the run has any Enterprise step. */
    public boolean any() {
        return tls != null || !admins.isEmpty() || replication != null;
    }

    /** These settings with {@code tls} in place of the fleet's (a host's own paths). */
    public EnterpriseSettings withTls(Tls hostTls) {
        return new EnterpriseSettings(hostTls, admins, stepByStep, replication, access);
    }

    /**
     * Where the host's PEM files are on the host ({@code {host}} is the host's name) and the name or
     * address clients use for it (default: the agent's host), which the leaf's names must cover.
     * {@code demo}: QuestDB generates a self-signed certificate, for tests only.
     */
    public record Tls(String cert, String key, String address, int expiryWindowDays, boolean perEndpoint, boolean demo) {
        /** This host's values, {@code {host}} replaced. */
        public Tls forHost(HostEntry host) {
            return new Tls(fill(cert, host), fill(key, host), address.isEmpty() ? host.agentHost() : fill(address, host),
                    expiryWindowDays, perEndpoint, demo);
        }

        private static String fill(String template, HostEntry host) {
            return template.replace(HOST_PLACEHOLDER, host.name());
        }
    }

    /** An admin account to create; the password came from a secret reference and is never shown. */
    public record Admin(String name, String password) {
        public Admin {
            requireNonNull(name, "name");
            requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Admin[" + name + ", ***]";
        }
    }
}
