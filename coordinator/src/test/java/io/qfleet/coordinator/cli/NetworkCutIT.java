package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.qfleet.coordinator.demo.DemoHost;
import io.qfleet.coordinator.demo.DemoResources;
import io.qfleet.coordinator.demo.DistributionPacker;
import io.qfleet.coordinator.demo.LocalFleet;
import io.qfleet.coordinator.demo.PackedDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network cut to one host mid-wave, made with a network namespace ({@link NetnsHost}): demo-1 (the
 * canary) has its agent and QuestDB behind a veth link, demo-2 is in the next wave;
 * {@code max_failures: 0}. The link goes down while demo-1's backup runs (held open on its agent so
 * the cut lands inside it): the coordinator waits out the step's bound ({@code backup.timeout_seconds}
 * plus {@code timeouts.agent_grace_seconds}), fails the host as unreachable (exit 5), and starts no further wave, so demo-2 is untouched. With the link
 * back, {@code qfleet resume --retry-failed} migrates both. Data checked on both hosts at each end.
 */
class NetworkCutIT {
    private static final String SOURCE = DemoResources.SOURCE_VERSION;
    private static final String TARGET = DemoResources.TARGET_VERSION;
    private static final Duration TO_END = Duration.ofMinutes(6);

    @TempDir
    Path dir;

    @Test
    void hostCutOffMidWaveFailsHoldsTheFleetBackAndResumeFinishesOnceTheLinkIsBack() throws Exception {
        NetnsHost.assumeAvailable();
        List<String> log = new CopyOnWriteArrayList<>();
        DemoResources resources = DemoResources.locate();
        PackedDistribution target = DistributionPacker.pack(resources.targetJar(), TARGET, dir.resolve("dist"));
        LocalFleet fleet = LocalFleet.create(resources, 2, 20_000, dir.resolve("fleet"), log::add);
        NetnsHost netns = null;
        try {
            DemoHost cut = fleet.hosts().get(0);
            DemoHost other = fleet.hosts().get(1);
            netns = NetnsHost.moveIn(fleet, cut, resources, List.of("-Dqfleet.agent.test.hold=6000:.*\\.demo-1\\.backup"));
            HostSnapshot cutBefore = HostSnapshot.take(cut, netns.pgHost());
            HostSnapshot otherBefore = HostSnapshot.take(other);
            assertEquals(SOURCE, cutBefore.version());
            Map<String, String> agents = new LinkedHashMap<>();
            agents.put(cut.name(), netns.agentAddress());
            agents.put(other.name(), other.agentAddress());
            Path file = FleetYaml.write(fleet.agentsYaml(), fleet.workDir().resolve("fleet.yaml"), target, agents, """
                    rollout:
                      waves: [1, 100%]
                      max_unavailable: 1
                      max_failures: 0
                    backup:
                      timeout_seconds: 10
                    """);
            // A short grace past the backup's own 10 s: the bound the cut host is waited for is 15 s, not 70 s.
            Files.writeString(file, Files.readString(file).replace("  wal_apply_seconds: 60\n",
                    "  wal_apply_seconds: 60\n  agent_grace_seconds: 5\n"));

            QfleetProcess run = QfleetProcess.start(dir.resolve("logs"), "run", "run", "-f", file.toString(), "--output", "json");
            await(run, e -> e.path("type").asText().equals("step_started") && e.path("host").asText().equals(cut.name())
                    && e.path("step").asText().equals("backup"));
            Thread.sleep(2000); // the backup operation is under way on the agent (held there for 6 s, ending before the bound)
            netns.cut();
            long cutAt = System.nanoTime();
            await(run, e -> e.path("type").asText().equals("host_finished") && e.path("host").asText().equals(cut.name()));
            long failedAfter = (System.nanoTime() - cutAt) / 1_000_000_000;
            System.out.printf("[network cut] %s failed %d s after the cut%n", cut.name(), failedAfter);
            // waited for the bound (15 s from the step's start, the cut 2 s in), not the default grace's 70 s
            assertTrue(failedAfter >= 5 && failedAfter < 45, "failed " + failedAfter + " s after the cut");
            netns.restore();
            int code = run.await(TO_END);

            assertEquals(ExitCodes.AGENTS_UNREACHABLE, code, run.transcript());
            Map<String, JsonNode> outcome = run.finishedHosts();
            assertEquals("failed", outcome.get(cut.name()).path("status").asText(), run.transcript());
            String message = outcome.get(cut.name()).path("message").asText();
            assertTrue(message.startsWith("backup failed: agent " + netns.agentAddress() + " is unreachable (DEADLINE_EXCEEDED)")
                    && message.endsWith("(host unchanged)"), message);
            assertEquals("not_started", outcome.get(other.name()).path("status").asText(), run.transcript());
            HostSnapshot cutNow = HostSnapshot.take(cut, netns.pgHost());
            assertEquals(cutBefore.pid(), cutNow.pid(), "the cut host was stopped");
            assertEquals(cutBefore.rows(), cutNow.rows());
            assertEquals(cutBefore.installTree(), cutNow.installTree());
            HostSnapshot otherNow = HostSnapshot.take(other);
            assertEquals(otherBefore.pid(), otherNow.pid(), "demo-2 was stopped");
            assertEquals(otherBefore.rows(), otherNow.rows());
            assertEquals(otherBefore.installTree(), otherNow.installTree());

            QfleetProcess resume = QfleetProcess.start(dir.resolve("logs"), "resume", "resume", "--retry-failed", "-f", file.toString(),
                    "--output", "json");
            code = resume.await(TO_END);

            assertEquals(ExitCodes.DONE, code, resume.transcript());
            outcome = resume.finishedHosts();
            for (DemoHost host : fleet.hosts()) {
                assertEquals("migrated", outcome.get(host.name()).path("status").asText(), resume.transcript());
            }
            HostSnapshot cutAfter = HostSnapshot.take(cut, netns.pgHost());
            assertEquals(TARGET, cutAfter.version());
            assertEquals(cutBefore.rows(), cutAfter.rows(), "rows per table");
            HostSnapshot otherAfter = HostSnapshot.take(other);
            assertEquals(TARGET, otherAfter.version());
            assertEquals(otherBefore.rows(), otherAfter.rows(), "rows per table");
        } finally {
            if (netns != null) {
                netns.close();
            }
            fleet.close();
            log.forEach(line -> System.out.println("[fleet] " + line));
        }
    }

    private static void await(QfleetProcess run, Predicate<JsonNode> event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (run.events().stream().noneMatch(event)) {
            if (!run.alive() || System.nanoTime() > deadline) {
                fail("event not seen\n" + run.transcript());
            }
            Thread.sleep(50);
        }
    }

}
