package io.qfleet.coordinator.demo;

import java.nio.file.Path;

/**
 * One host of a {@link LocalFleet}. {@code seededRows} counts trades plus sensors; {@code questdbPid} is the
 * 8.1.4 server started by the fleet (after a migration the agent's server has another pid).
 */
public record DemoHost(String name, Path dir, Path root, Path installDir, String agentHost, int agentPort,
        long seededRows, long questdbPid, long agentPid) {

    /** {@code host:port} as the fleet file names the agent. */
    public String agentAddress() {
        return agentHost + ":" + agentPort;
    }
}
