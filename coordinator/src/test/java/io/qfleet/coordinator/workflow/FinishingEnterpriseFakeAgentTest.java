package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.client.FakeAgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.ServerConfPreview;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.FleetFile;
import io.qfleet.coordinator.fleet.FleetFileLoader;
import io.qfleet.coordinator.plan.Plan;
import io.qfleet.coordinator.plan.Planner;
import io.qfleet.coordinator.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host already on the Enterprise target whose server.conf lacks TLS (a failed TLS step of an
 * earlier run, or a tls section added to the fleet file since): plan and run must not call it done,
 * and must not stop, swap or back it up either. The agent is a fake (in memory, no gRPC): QuestDB
 * Enterprise cannot run here, and these facts are what its agent would report.
 */
class FinishingEnterpriseFakeAgentTest {
    private static final String TARGET = "3.1.1";

    @TempDir
    Path dir;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<StepRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ServerConfPreview.Request> previews = new CopyOnWriteArrayList<>();
    /** What server.conf says: the fake's TLS step turns it on, as the agent's writes tls.enabled=true. */
    private volatile boolean tlsEnabled;
    private volatile boolean failTls;
    private volatile boolean builtinAdminDisabled;

    @Test
    void planListsOnlyTheTlsStepsAndTheRunRunsOnlyThem() throws Exception {
        Path fleetFile = fleetFile();
        FleetFile fleet = FleetFileLoader.load(fleetFile);

        Plan plan = new Planner(host -> new FakeEnterpriseAgent(), false).plan(fleet, fleetFile);

        List<String> planned = plan.hosts().get(0).steps().stream().filter(Plan.PlannedStep::runs).map(Plan.PlannedStep::step).toList();
        assertEquals(List.of("preflight", "tls check", "tls"), planned, "nothing is staged, stopped, swapped or backed up");
        Plan.PlannedStep tls = plan.hosts().get(0).steps().stream().filter(s -> s.step().equals("tls")).findFirst().orElseThrow();
        assertTrue(tls.why().startsWith("tls.enabled is not set in server.conf: writes tls.* keys"), tls.why());
        // The diff shows what the TLS step will write on its own, not what a swap would have written.
        assertTrue(previews.get(0).stepByStep() && previews.get(0).tls() != null, previews.toString());

        RunResult result = new FleetRunner(host -> new FakeEnterpriseAgent(), Clock.systemUTC())
                .start(fleet, fleetFile, dir.resolve("runs"), new SilentListener());

        HostSummary host = result.hosts().get(0);
        assertEquals(HostStatus.MIGRATED, host.status(), host.message());
        assertEquals("already on " + TARGET + "; ran only tls", host.message());
        assertEquals(List.of("tls-check", "tls"), calls.stream().map(FinishingEnterpriseFakeAgentTest::step).toList());
        StepRequest.Tls apply = (StepRequest.Tls) requests.get(1);
        assertEquals(StepRequest.TlsPhase.APPLY, apply.phase(), "no swap wrote the keys: the step writes them and restarts");
        assertTrue(tlsEnabled);
        // The run's reports come from the journal's entries as written; qfleet report reads them back from the file.
        Path runDir = result.report().getParent();
        Map<String, String> atTheEnd = reports(runDir);
        ReportWriter.write(runDir);
        assertEquals(reports(runDir), atTheEnd);
    }

    private static Map<String, String> reports(Path runDir) throws java.io.IOException {
        return Map.of(ReportWriter.TEXT, Files.readString(runDir.resolve(ReportWriter.TEXT)),
                ReportWriter.JSON, Files.readString(runDir.resolve(ReportWriter.JSON)),
                ReportWriter.HTML, Files.readString(runDir.resolve(ReportWriter.HTML)));
    }

    /** The preview asks for the missing steps' keys only: admins done, TLS not, so no admin keys in the diff. */
    @Test
    void thePreviewOfAHostMissingOnlyTlsLeavesTheAdminsOut() throws Exception {
        builtinAdminDisabled = true;
        Path fleetFile = fleetFile("admins:\n  - {name: ops_admin, password: '${file:" + Files.writeString(dir.resolve("pw"), "s3cret-pw")
                + "}'}\n");
        FleetFile fleet = FleetFileLoader.load(fleetFile);

        Plan plan = new Planner(host -> new FakeEnterpriseAgent(), false).plan(fleet, fleetFile);

        assertEquals(List.of("preflight", "tls check", "tls"), plan.hosts().get(0).steps().stream().filter(Plan.PlannedStep::runs)
                .map(Plan.PlannedStep::step).toList());
        assertTrue(previews.get(0).tls() != null && !previews.get(0).admins(), previews.toString());
    }

    /**
     * FleetRunner.whenAgentsDone runs once, after the run's last call to an agent and before its
     * report is written: the CLI starts closing the connections there, while the report renders.
     */
    @Test
    void theAgentsAreLetGoAfterTheLastCallAndBeforeTheReport() throws Exception {
        Path fleetFile = fleetFile();
        FleetFile fleet = FleetFileLoader.load(fleetFile);
        List<String> atAgentsDone = new CopyOnWriteArrayList<>();

        RunResult result = new FleetRunner(host -> new FakeEnterpriseAgent(), Clock.systemUTC())
                .whenAgentsDone(() -> atAgentsDone.add(calls + ", a report written: " + reportWritten(dir.resolve("runs"))))
                .start(fleet, fleetFile, dir.resolve("runs"), new SilentListener());

        assertEquals(List.of(calls + ", a report written: false"), atAgentsDone, "once, every call made, no report yet");
        assertEquals(List.of("tls-check", "tls"), calls.stream().map(FinishingEnterpriseFakeAgentTest::step).toList());
        assertTrue(Files.isRegularFile(result.report()), "the report follows");
    }

    /**
     * A runner that makes its own clients (demo, rollback) tells them to end before the report and
     * waits for them after it: the connections close while the report renders.
     */
    @Test
    void theRunnersOwnClientsCloseWhileTheReportRenders() throws Exception {
        Path fleetFile = fleetFile();
        FleetFile fleet = FleetFileLoader.load(fleetFile);
        List<String> ending = new CopyOnWriteArrayList<>();

        new FleetRunner(host -> new FakeEnterpriseAgent() {
            @Override
            public void shutdown() {
                ending.add("shutdown, a report written: " + reportWritten(dir.resolve("runs")));
            }

            @Override
            public void close() {
                ending.add("close, a report written: " + reportWritten(dir.resolve("runs")));
            }
        }, Clock.systemUTC()).start(fleet, fleetFile, dir.resolve("runs"), new SilentListener());

        assertEquals("shutdown, a report written: false", ending.get(0), ending.toString());
        assertEquals("close, a report written: true", ending.get(ending.size() - 1), ending.toString());
    }

    private static boolean reportWritten(Path runsDir) {
        try (var files = Files.walk(runsDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("report."));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aHostWithItsTlsInPlaceIsLeftAlone() throws Exception {
        tlsEnabled = true;
        Path fleetFile = fleetFile();
        FleetFile fleet = FleetFileLoader.load(fleetFile);

        Plan plan = new Planner(host -> new FakeEnterpriseAgent(), false).plan(fleet, fleetFile);
        RunResult result = new FleetRunner(host -> new FakeEnterpriseAgent(), Clock.systemUTC())
                .start(fleet, fleetFile, dir.resolve("runs"), new SilentListener());

        assertEquals(List.of("preflight"), plan.hosts().get(0).steps().stream().filter(Plan.PlannedStep::runs)
                .map(Plan.PlannedStep::step).toList());
        assertEquals("already on " + TARGET + ", nothing to do", result.hosts().get(0).message());
        assertEquals(List.of(), calls);
    }

    @Test
    void aFailedTlsStepIsRetriedOnItsOwnUnderANewOperationId() throws Exception {
        failTls = true;
        Path fleetFile = fleetFile();
        FleetFile fleet = FleetFileLoader.load(fleetFile);
        FleetRunner runner = new FleetRunner(host -> new FakeEnterpriseAgent(), Clock.systemUTC());

        RunResult failed = runner.start(fleet, fleetFile, dir.resolve("runs"), new SilentListener());
        assertEquals(HostStatus.FAILED, failed.hosts().get(0).status());
        assertTrue(failed.failedAfterPointOfNoReturn(), "the TLS step may have changed server.conf: not reported as untouched");
        assertTrue(failed.hosts().get(0).message().contains("qfleet resume --retry-failed"), failed.hosts().get(0).message());

        failTls = false;
        calls.clear();
        Path runDir;
        try (var runs = Files.list(dir.resolve("runs"))) {
            runDir = runs.findFirst().orElseThrow();
        }
        String journal = Files.readString(runDir.resolve(io.qfleet.coordinator.journal.RunJournal.FILE_NAME));
        assertTrue(journal.contains("\"finishing_steps\":[\"PREFLIGHT\",\"TLS_CHECK\",\"TLS\"]"), journal);
        assertTrue(journal.contains("\"after_point_of_no_return\":true"), "the report says so too: " + journal);
        RunResult retried = runner.resume(fleet, fleetFile, runDir, true, new SilentListener());

        assertEquals(HostStatus.MIGRATED, retried.hosts().get(0).status(), retried.hosts().get(0).message());
        assertEquals(1, calls.size(), "only the TLS step again, no new preflight or TLS check: " + calls);
        assertTrue(calls.get(0).endsWith(".db-1.a2.tls"), calls.get(0));
        assertFalse(retried.failedAfterPointOfNoReturn());
    }

    private static String step(String operationId) {
        return operationId.substring(operationId.lastIndexOf('.') + 1);
    }

    private Path fleetFile() throws Exception {
        return fleetFile("");
    }

    private Path fleetFile(String more) throws Exception {
        Path distribution = Files.writeString(dir.resolve("questdb-enterprise-" + TARGET + "-rt-linux-x86-64.tar.gz"), "archive");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(distribution)));
        return Files.writeString(dir.resolve("fleet.yaml"), "target:\n"
                + "  distribution: '" + distribution + "'\n"
                + "  sha256: " + sha + "\n"
                + "  version: " + TARGET + "\n"
                + "hosts:\n"
                + "  - {name: db-1, agent: '127.0.0.2:7001'}\n"
                + "tls:\n  demo: true\n"
                + "agents:\n  plaintext: true\n" + more);
    }

    /** An agent whose host runs QuestDB Enterprise 3.1.1 already; what its steps do is only recorded. */
    private class FakeEnterpriseAgent extends FakeAgentClient {
        FakeEnterpriseAgent() {
            super("127.0.0.2");
        }

        @Override
        public AgentFacts facts() {
            return new AgentFacts("db-1", "linux/amd64", true, 1, TARGET, "enterprise", TARGET, "runtime", 1L << 40, 1L << 20,
                    true, List.of(), List.of(), List.of()).withEnterpriseConf("", tlsEnabled, builtinAdminDisabled);
        }

        @Override
        public ServerConfPreview previewServerConf(ServerConfPreview.Request request) {
            previews.add(request);
            return new ServerConfPreview(true, "a".repeat(64), "+tls.enabled=true\n", List.of("swap: tls.enabled"), List.of());
        }

        @Override
        public void upload(Path file, String sha256, ProgressSink sink) {
            calls.add("upload");
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            calls.add(operationId);
            requests.add(request);
            if (request instanceof StepRequest.Tls tls && tls.phase() != StepRequest.TlsPhase.PREPARE) {
                if (failTls) {
                    return new OperationOutcome(operationId, false, "handshake_failed", "no TLS handshake on the PG port", -1, "", "", "");
                }
                tlsEnabled = true;
            }
            return new OperationOutcome(operationId, true, "", "", -1, TARGET, "ok", "");
        }
    }
}
