package io.qfleet.coordinator.demo;

import io.qfleet.coordinator.fleet.AgentAccess;
import java.nio.file.Path;

/**
 * One host of a {@link LocalFleet}. {@code seededRows} counts trades plus sensors; {@code questdbPid} is the
 * 8.1.4 server started by the fleet (after a migration the agent's server has another pid); {@code agentAccess}
 * is how the coordinator reaches its agent (mTLS and the demo's token).
 */
public record DemoHost(String name, Path dir, Path root, Path installDir, String agentHost, int agentPort,
        long seededRows, long questdbPid, long agentPid, AgentAccess agentAccess) {

    /** {@code host:port} as the fleet file names the agent. */
    public String agentAddress() {
        return agentHost + ":" + agentPort;
    }
}
