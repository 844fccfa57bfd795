package io.qfleet.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a host's server.conf shows in the plan text, and how a saved plan's server.conf is checked against a new one. */
class PlanServerConfTest {
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String DIFF = "--- a/conf/server.conf\n+++ b/conf/server.conf\n@@ -1,1 +1,2 @@\n a=1\n+acl.admin.user.enabled=false\n";

    private static Plan.HostPlan host(String name, boolean reachable, String confMark, boolean exists, String sha, String diff,
            List<String> writers) {
        return new Plan.HostPlan(name, "127.0.0.2:7001", "standalone", "", reachable,
                reachable ? "running|8.1.4|open source|no-jre|8.1.4|wal-ok|||" + PlanCheck.SERVER_CONF + confMark : "unreachable",
                reachable ? "8.1.4" : "", "open source", reachable, List.of(), List.of(), exists, sha, diff, writers);
    }

    private static Plan plan(String hash, Plan.HostPlan... hosts) {
        return new Plan(hash, "/fleet.yaml", "f".repeat(64), "9.2.2", false, List.of(), List.of(hosts), List.of());
    }

    private static String text(Plan.HostPlan host) {
        StringWriter out = new StringWriter();
        PlanText.printServerConf(host, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void stepsNotRunForOneReasonAreNamedTogetherWithItOnce() {
        String fails = "preflight will fail: QuestDB is not running";
        assertEquals("upload, stage, verify: " + fails + "; backup: --skip-backup: nothing can undo this host",
                PlanText.notRun(List.of(new Plan.PlannedStep("preflight", true, "checks"),
                        new Plan.PlannedStep("upload", false, fails), new Plan.PlannedStep("stage", false, fails),
                        new Plan.PlannedStep("backup", false, "--skip-backup: nothing can undo this host"),
                        new Plan.PlannedStep("verify", false, fails), new Plan.PlannedStep("rollback", false, fails))));
        assertEquals("", PlanText.notRun(List.of(new Plan.PlannedStep("preflight", true, "checks"))));
    }

    @Test
    void theDiffIsIndentedUnderTheHostWithItsWriters() {
        assertEquals("  server.conf: written by admins: acl.admin.user.enabled\n"
                + "    --- a/conf/server.conf\n    +++ b/conf/server.conf\n    @@ -1,1 +1,2 @@\n     a=1\n    +acl.admin.user.enabled=false\n",
                text(host("db-1", true, SHA_A, true, SHA_A, DIFF, List.of("admins: acl.admin.user.enabled"))));
    }

    @Test
    void unchangedMissingUnreachableAndUnknownAreSaidSo() {
        assertEquals("  server.conf: unchanged\n", text(host("db-1", true, SHA_A, true, SHA_A, "", List.of())));
        assertEquals("  server.conf: none on the host yet (QuestDB writes its template on first start); unchanged\n",
                text(host("db-1", true, "none", false, "", "", List.of())));
        assertEquals("  server.conf: none on the host yet (QuestDB writes its template on first start); qfleet creates it; written by"
                + " admins: acl.admin.user.enabled\n", text(host("db-1", true, "none", false, "", DIFF, List.of("admins: acl.admin.user.enabled")))
                .lines().findFirst().orElseThrow() + "\n");
        assertEquals("  server.conf: unknown (agent unreachable)\n", text(host("db-1", false, "", false, "", "", List.of())));
        assertEquals("  server.conf: unknown (no preview, see the FAILED check)\n", text(host("db-1", true, "unknown", false, "", "", List.of())));
    }

    @Test
    void aChangedServerConfIsNamedWithItsHost() {
        Plan saved = plan("h1", host("db-1", true, SHA_A, true, SHA_A, "", List.of()), host("db-2", true, SHA_A, true, SHA_A, "", List.of()));
        Plan edited = plan("h2", host("db-1", true, SHA_A, true, SHA_A, "", List.of()), host("db-2", true, SHA_B, true, SHA_B, "", List.of()));
        Plan removed = plan("h3", host("db-1", true, "none", false, "", "", List.of()), host("db-2", true, SHA_A, true, SHA_A, "", List.of()));

        assertNull(PlanCheck.changes(saved, saved));
        assertEquals("host db-2: its server.conf changed since the plan (sha256 aaaaaaaaaaaa -> sha256 bbbbbbbbbbbb), so the plan's"
                + " server.conf diff no longer holds", PlanCheck.changes(saved, edited));
        assertEquals("host db-1: its server.conf changed since the plan (sha256 aaaaaaaaaaaa -> no file), so the plan's server.conf"
                + " diff no longer holds", PlanCheck.changes(saved, removed));
    }

    /** The agent's build is the part just before server.conf=: a problem's text naming "agent=" does not count. */
    @Test
    void theAgentsBuildIsReadFromItsOwnPartOfTheFingerprint() {
        String fingerprint = "running|8.1.4|open source|no-jre|8.1.4|wal-ok|disk low |agent=9.9 (from a note)||agent=%s|"
                + PlanCheck.SERVER_CONF + SHA_A;
        Plan saved = plan("h1", withFingerprint(fingerprint.formatted("0.1.0")));
        Plan upgraded = plan("h2", withFingerprint(fingerprint.formatted("0.2.0")));

        assertEquals("host db-1: its agent changed since the plan (0.1.0 -> 0.2.0), and the plan's checks and server.conf diff came "
                + "from the other one", PlanCheck.changes(saved, upgraded));
    }

    private static Plan.HostPlan withFingerprint(String fingerprint) {
        return new Plan.HostPlan("db-1", "127.0.0.2:7001", "standalone", "", true, fingerprint, "8.1.4", "open source", true,
                List.of(), List.of(), true, SHA_A, "", List.of());
    }
}
