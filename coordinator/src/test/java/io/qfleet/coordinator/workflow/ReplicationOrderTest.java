package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which clusters' primaries go first (their server.conf does not say replication.role=primary yet),
 * read from the primaries' agents, or from what {@code run --plan}'s check just read of them.
 */
class ReplicationOrderTest {
    @TempDir
    Path dir;

    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Test
    void primariesTheCheckReadAreNotAskedAgain() throws Exception {
        FleetFile fleet = fleet();
        // trades' primary replicates already, orders' does not; the check read db-1 only.
        Surveyed surveyed = new Surveyed(Map.of("db-1", facts("db-1", "primary")), Map.of("db-1", ""));

        Set<String> first = ReplicationOrder.primaryFirst(fleet, host -> new Agent(host.name(), ""), surveyed);

        assertEquals(Set.of("orders"), first);
        assertEquals(List.of("db-3"), asked, "only the primary the check did not read is asked");
        asked.clear();
        assertEquals(Set.of("trades", "orders"), ReplicationOrder.primaryFirst(fleet, host -> new Agent(host.name(), ""), Surveyed.NONE));
        assertEquals(List.of("db-1", "db-3"), asked);
    }

    private static AgentFacts facts(String host, String role) {
        return FakeAgentClient.openSourceFacts(host, "3.1.1").withEnterpriseConf(role, false, false);
    }

    private FleetFile fleet() throws Exception {
        Path distribution = Files.writeString(dir.resolve("questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz"), "archive");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(distribution)));
        return FleetFileLoader.load(Files.writeString(dir.resolve("fleet.yaml"), """
                agents: {plaintext: true}
                target:
                  distribution: '%s'
                  sha256: %s
                  version: 3.1.1
                hosts:
                  - {name: db-1, agent: '127.0.0.2:7001', role: primary, cluster: trades}
                  - {name: db-2, agent: '127.0.0.3:7001', role: replica, cluster: trades}
                  - {name: db-3, agent: '127.0.0.4:7001', role: primary, cluster: orders}
                replication:
                  object_store: 'fs::root=/mnt/store/{cluster};atomic_write_dir=/mnt/store/tmp-{cluster};'
                """.formatted(distribution, sha)));
    }

    /** Reports {@code role} in its server.conf and records that it was asked. */
    private final class Agent extends FakeAgentClient {
        private final String role;

        Agent(String host, String role) {
            super(host);
            this.role = role;
        }

        @Override
        public AgentFacts facts() {
            asked.add(host);
            return ReplicationOrderTest.facts(host, role);
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            throw new AssertionError("ordering runs no step");
        }
    }
}
