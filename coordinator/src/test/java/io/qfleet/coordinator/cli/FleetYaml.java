package io.qfleet.coordinator.cli;

import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet file for the hosts of a {@link io.qfleet.coordinator.demo.LocalFleet}, in their order, with the
 * given {@code rollout:} block and short timeouts (a failing step must not hold a test for minutes).
 */
final class FleetYaml {
    private FleetYaml() {
    }

    static Path write(Path file, PackedDistribution target, List<DemoHost> hosts, String rollout) throws IOException {
        Map<String, String> agents = new LinkedHashMap<>();
        hosts.forEach(host -> agents.put(host.name(), host.agentAddress()));
        return write(file, target, agents, rollout);
    }

    /** {@code agents}: host name -> agent address, in fleet order (e.g. two names for one agent's root). */
    static Path write(Path file, PackedDistribution target, Map<String, String> agents, String rollout) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("target:\n")
                .append("  distribution: '").append(target.file().toAbsolutePath()).append("'\n")
                .append("  sha256: ").append(target.sha256()).append('\n')
                .append("  version: ").append(target.version()).append('\n')
                .append("hosts:\n");
        agents.forEach((name, agent) -> yaml.append("  - name: ").append(name).append('\n')
                .append("    agent: ").append(agent).append('\n'));
        yaml.append(rollout)
                .append("timeouts:\n")
                .append("  stop_seconds: 30\n")
                .append("  health_gate_seconds: 60\n")
                .append("  wal_apply_seconds: 60\n");
        Files.writeString(file, yaml);
        return file;
    }
}
