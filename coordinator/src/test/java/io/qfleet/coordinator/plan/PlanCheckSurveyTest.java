package io.qfleet.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentCallException;
import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.ServerConfPreview;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --plan}'s check ({@link Planner#check}) against the plan ({@link Planner#plan}): the check
 * takes server.conf's hash from the agent's facts instead of asking for the preview again, and must
 * come to the same fingerprints for the same file, and to a refusal for a changed one. The agent is
 * in memory (what it answers is the point here; PlanServerConfIT runs the same against real agents).
 */
class PlanCheckSurveyTest {
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    @TempDir
    Path dir;

    private FleetFile fleet;
    private Path fleetFile;
    private final AtomicInteger previews = new AtomicInteger();
    /** server.conf as the facts report it; null: an agent that does not say. */
    private volatile AgentFacts.ConfFile factsConf;
    /** server.conf's hash as the preview reports it; null: the preview fails. */
    private volatile String previewSha = SHA_A;
    /** The host runs the target version already. */
    private volatile boolean onTarget;
    /** The agent's own build. */
    private volatile String agentVersion = "0.1.0";

    @BeforeEach
    void fleet() throws Exception {
        Path distribution = Files.writeString(dir.resolve("questdb-9.2.2-no-jre-bin.tar.gz"), "archive");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(distribution)));
        fleetFile = Files.writeString(dir.resolve("fleet.yaml"), "target:\n  distribution: '" + distribution + "'\n  sha256: " + sha
                + "\n  version: 9.2.2\nagents:\n  plaintext: true\nhosts:\n  - {name: db-1, agent: '127.0.0.2:7001'}\n");
        fleet = FleetFileLoader.load(fleetFile);
    }

    private Plan plan() {
        return new Planner(host -> new Agent(), false).plan(fleet, fleetFile);
    }

    private Plan check() {
        return new Planner(host -> new Agent(), false).check(fleet, fleetFile).plan();
    }

    @Test
    void theCheckAsksNoPreviewWhenTheFactsCarryTheFileAndAgreesWithThePlan() {
        factsConf = new AgentFacts.ConfFile(true, SHA_A);
        Plan saved = plan();
        assertEquals(1, previews.getAndSet(0));

        Plan now = check();

        assertEquals(0, previews.get(), "the facts' hash stands for the preview");
        assertEquals(saved.planHash(), now.planHash());
        assertNull(PlanCheck.changes(saved, now));
    }

    @Test
    void aServerConfChangedSinceThePlanIsRefusedFromTheFactsAlone() {
        factsConf = new AgentFacts.ConfFile(true, SHA_A);
        Plan saved = plan();
        factsConf = new AgentFacts.ConfFile(true, SHA_B);

        String changed = PlanCheck.changes(saved, check());

        assertEquals(0, previews.get() - 1, "only the plan previewed");
        assertTrue(changed != null && changed.startsWith("host db-1: its server.conf changed since the plan (sha256 aaaaaaaaaaaa -> "
                + "sha256 bbbbbbbbbbbb)"), changed);
        factsConf = new AgentFacts.ConfFile(false, "");
        assertTrue(PlanCheck.changes(saved, check()).contains("(sha256 aaaaaaaaaaaa -> no file)"));
    }

    @Test
    void anAgentWhoseFactsLackTheFileIsAskedForThePreviewAsBefore() {
        factsConf = null;
        Plan saved = plan();
        previews.set(0);

        Plan now = check();

        assertEquals(1, previews.get());
        assertNull(PlanCheck.changes(saved, now));
        previewSha = SHA_B;
        assertTrue(PlanCheck.changes(saved, check()).contains("its server.conf changed since the plan"));
    }

    /** A plan whose preview failed showed no diff: no check may pass it, whatever the file says now. */
    @Test
    void aPlanWhosePreviewFailedIsRefusedByTheCheckWithWhy() {
        factsConf = new AgentFacts.ConfFile(true, SHA_A);
        previewSha = null;
        Plan saved = plan();
        assertTrue(saved.hosts().get(0).checks().stream().anyMatch(c -> !c.ok() && c.name().equals("server.conf previewed")));

        assertEquals("host db-1: the plan could not preview its server.conf (its failed check says why), so it shows no diff "
                + "to run", PlanCheck.changes(saved, check()));
    }

    /** A host already on the target previews only its missing steps; its check still takes the facts' hash. */
    @Test
    void aHostAlreadyOnTheTargetAgreesWithItsPlanToo() {
        factsConf = new AgentFacts.ConfFile(true, SHA_A);
        onTarget = true;
        Plan saved = plan();
        previews.set(0);

        Plan now = check();

        assertEquals(0, previews.get());
        assertNull(PlanCheck.changes(saved, now));
    }

    /** Another agent build may write other keys than the one whose diff the plan showed. */
    @Test
    void anAgentUpgradedSinceThePlanIsRefusedNamingBothBuilds() {
        factsConf = new AgentFacts.ConfFile(true, SHA_A);
        Plan saved = plan();
        agentVersion = "0.2.0";

        assertEquals("host db-1: its agent changed since the plan (0.1.0 -> 0.2.0), and the plan's checks and server.conf diff "
                + "came from the other one", PlanCheck.changes(saved, check()));
        agentVersion = "0.1.0";
        assertNull(PlanCheck.changes(saved, check()));
        agentVersion = "";
        Plan older = plan(); // as from a qfleet that did not record the build: agent= empty
        agentVersion = "0.1.0";
        assertEquals("host db-1: the plan does not record its agent's build (an older qfleet made it)",
                PlanCheck.changes(older, check()));
    }

    private final class Agent extends FakeAgentClient {
        Agent() {
            super("127.0.0.2");
        }

        @Override
        public AgentFacts facts() {
            String version = onTarget ? "9.2.2" : "8.1.4";
            return new AgentFacts("db-1", "linux/amd64", true, 1, version, "open source", version, "no-jre", 1L << 40, 1L << 20,
                    true, List.of(), List.of(), List.of()).withServerConf(factsConf).withAgentVersion(agentVersion);
        }

        @Override
        public ServerConfPreview previewServerConf(ServerConfPreview.Request request) {
            previews.incrementAndGet();
            if (previewSha == null) {
                throw new AgentCallException("server_conf_invalid", "conf/server.conf line 3: not properties syntax", false, null);
            }
            return new ServerConfPreview(true, previewSha, "", List.of(), List.of());
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            throw new AssertionError("planning uploads nothing");
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            throw new AssertionError("planning runs no step");
        }
    }
}
