package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.ReplicationSettings;
import io.qfleet.coordinator.fleet.Role;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * What the fleet file's {@code replication} section means for one host and for the order of the
 * waves (DESIGN.md section 2, step 11): a cluster that already replicates upgrades its replicas
 * first; a cluster whose replication this run sets up needs its primary first, since its replicas
 * are seeded from a checkpoint the primary takes once replication is on.
 */
public final class ReplicationOrder {
    private ReplicationOrder() {}

    /** This host's part, or null without a replication section or for a standalone host. */
    static RunSpec.HostReplication forHost(FleetFile fleet, HostEntry host) {
        ReplicationSettings replication = fleet.enterprise().replication();
        if (replication == null || host.role() == Role.STANDALONE) {
            return null;
        }
        HostEntry primary = host.role() == Role.REPLICA ? fleet.hosts().stream()
                .filter(h -> h.role() == Role.PRIMARY && h.cluster().equals(host.cluster())).findFirst().orElseThrow() : null;
        return new RunSpec.HostReplication(host.role(), host.cluster(), replication.storeFor(host.cluster()),
                ReplicationSettings.instanceId(host), replication.clearFsStore(host.cluster()), primary);
    }

    /**
     * The clusters whose primary goes first: those whose primary's server.conf does not say
     * {@code replication.role=primary} yet (an unreachable primary counts as not replicating: its
     * preflight fails and, with it, its cluster's replicas never start). A primary {@code run --plan}'s
     * check just read ({@code surveyed}) is not asked again.
     */
    static Set<String> primaryFirst(FleetFile fleet, Function<HostEntry, AgentClient> clients, Surveyed surveyed) {
        return primaryFirstBy(fleet, host -> {
            AgentFacts read = surveyed.facts().get(host.name());
            if (read != null) {
                return read.replicationRole();
            }
            try (AgentClient agent = clients.apply(host)) {
                return agent.facts().replicationRole();
            } catch (AgentCallException e) {
                return "";
            }
        });
    }

    /** As above, with each primary's {@code replication.role} ("" when unknown) from {@code roles}. */
    public static Set<String> primaryFirstBy(FleetFile fleet, Function<HostEntry, String> roles) {
        Set<String> clusters = new LinkedHashSet<>();
        if (fleet.enterprise().replication() == null) {
            return clusters;
        }
        fleet.hosts().stream().filter(h -> h.role() == Role.PRIMARY).filter(h -> !roles.apply(h).equals("primary"))
                .forEach(h -> clusters.add(h.cluster()));
        return clusters;
    }
}
