package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentFacts;
import io.qfleet.coordinator.fleet.DistributionName;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.proto.BackupRoom;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreflightTest {
    private static final Preflight.Goal TO_922 = goal("9.2.2", "questdb-9.2.2-no-jre-bin.tar.gz");
    private static final Preflight.Goal TO_EE = goal("3.1.1", "questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz");

    /** What server.conf says against what the fleet file asks: the Enterprise steps a host on the target still lacks. */
    @ParameterizedTest(name = "tls={0} admins={1} role={2}; conf tls={3} admin off={4} role={5} -> {6}")
    @CsvSource(delimiter = '|', value = {
        "true  | true  |            | false | false |         | TLS ADMINS",
        "true  | true  |            | true  | false |         | ADMINS",
        "true  | true  |            | false | true  |         | TLS",
        "true  | true  |            | true  | true  |         | ",
        // the fleet file does not ask for it: never missing
        "false | false |            | false | false |         | ",
        "false | false | PRIMARY    | false | false |         | REPLICATION",
        "false | false | PRIMARY    | false | false | primary | ",
        "false | false | REPLICA    | false | false | primary | REPLICATION",
        "false | false | STANDALONE | false | false |         | ",
    })
    void missingEnterpriseSteps(boolean tls, boolean admins, Role role, boolean tlsOn, boolean adminOff, String confRole,
            String expected) {
        AgentFacts facts = facts("3.1.1", "enterprise", List.of()).withEnterpriseConf(confRole == null ? "" : confRole, tlsOn, adminOff);
        Set<Step> missing = Preflight.missingEnterpriseSteps(facts, HostWorkflow.forward(tls, admins, role), role);
        assertEquals(expected == null ? Set.of() : Arrays.stream(expected.trim().split(" +")).map(Step::valueOf).collect(Collectors.toSet()),
                missing);
    }

    @Test
    void healthyOpenSourceHostPasses() {
        assertNull(Preflight.firstFailure(Preflight.checks(facts("8.1.4", "open source", List.of()), TO_922, null)));
        assertNull(Preflight.firstFailure(Preflight.checks(facts("9.2.2", "open source", List.of()), TO_EE, null)));
    }

    @Test
    void enterpriseStateUnderAnOpenSourceServerIsRefusedNamingThePath() {
        AgentFacts copied = facts("9.2.2", "open source", List.of("/var/lib/questdb/db/.data_id", "/var/lib/questdb/_migrate_primary"));

        String failure = Preflight.firstFailure(Preflight.checks(copied, TO_EE, null));

        assertTrue(failure.startsWith("/var/lib/questdb/db/.data_id (and 1 more Enterprise files) is Enterprise state, but "
                + "QuestDB 9.2.2 here is Open Source"), failure);
        assertTrue(failure.endsWith("put back this host's own Open Source backup, or take the host out of the fleet file"), failure);
        assertNull(Preflight.firstFailure(Preflight.checks(facts("3.1.1", "enterprise", List.of("/q/db/.data_id")),
                goal("3.1.2", "questdb-enterprise-3.1.2-rt-linux-amd64.tar.gz"), null)), "Enterprise on Enterprise state");
    }

    /** Forward only: never Enterprise to Open Source, never to an older version of the same edition. */
    @ParameterizedTest(name = "{0} {1} -> {2} -> ok {3}")
    @CsvSource({
        "open source, 8.1.4,  questdb-9.2.2-no-jre-bin.tar.gz,                      true",
        "open source, 9.2.2,  questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz,       true",
        "open source, 9.2.2,  questdb-8.1.4-no-jre-bin.tar.gz,                      false",
        "open source, 9.2.10, questdb-9.2.9-no-jre-bin.tar.gz,                      false",
        "open source, 9.2.2,  renamed.tar.gz,                                       true",
        "enterprise,  3.1.1,  questdb-enterprise-3.1.2-rt-linux-amd64.tar.gz,       true",
        "enterprise,  3.1.2,  questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz,       false",
        "enterprise,  3.1.1,  questdb-9.2.2-no-jre-bin.tar.gz,                      false",
        "enterprise,  3.1.1,  questdb-9.3.0-rt-linux-x86-64.tar.gz,                 false",
    })
    void aMigrationGoesForwardOnly(String edition, String running, String distribution, boolean ok) {
        String target = distribution.startsWith("renamed") ? "8.1.4" : distribution.replaceAll("questdb-(enterprise-)?([0-9.]+)-.*", "$2");
        String failure = Preflight.firstFailure(Preflight.checks(facts(running, edition, List.of()), goal(target, distribution), null));
        assertEquals(ok, failure == null, failure);
        if (!ok) {
            assertTrue(failure.contains(edition.equals("enterprise") && !distribution.contains("enterprise")
                    ? "data must never move back from Enterprise to Open Source" : "qfleet does not downgrade"), failure);
        }
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertTrue(Preflight.olderThan("9.2.9", "9.2.10"));
        assertFalse(Preflight.olderThan("9.2.10", "9.2.9"));
        assertFalse(Preflight.olderThan("9.2.2", "9.2.2"));
        assertTrue(Preflight.olderThan("8.1.4", "9.0.0-SNAPSHOT"));
        assertFalse(Preflight.olderThan("nightly", "9.2.2"), "a version without numbers is not compared");
        assertTrue(Preflight.olderThan("9.3", "9.3.1"), "a missing part is 0");
        assertFalse(Preflight.olderThan("9.3.0", "9.3"));
    }

    /** Room for the backup in backup_dir, as the agent's own check counts it: the root's size x 0.6 (zstd) + 64 MiB. */
    @ParameterizedTest(name = "{0} free, {1}, backs up {2} -> ok {3}")
    @CsvSource({
        "1000000000, zstd, true,  true",
        "100000000,  zstd, true,  false",
        "700000000,  none, true,  false",
        "1100000000, none, true,  true",
        "100000000,  zstd, false, true",
        ",           zstd, true,  true",
    })
    void theBackupMustFitWhereTheAgentKeepsBackups(Long free, String compression, boolean backsUp, boolean ok) {
        AgentFacts facts = new AgentFacts("h", "amd64", true, 7, "8.1.4", "open source", "8.1.4", "no-jre", 1L << 40, 1_000_000_000L,
                true, List.of(), List.of(), List.of()).withBackupDirFree(free);
        Preflight.Goal goal = new Preflight.Goal("9.2.2", DistributionName.of(Path.of("/dist/questdb-9.2.2-no-jre-bin.tar.gz")),
                1L << 20, backsUp ? compression : null);

        String failure = Preflight.firstFailure(Preflight.checks(facts, goal, null));

        assertEquals(ok, failure == null, failure);
        if (!ok) {
            assertTrue(failure.startsWith("not enough free disk in backup_dir for the backup: " + free + " bytes free, about "
                    + BackupRoom.bytes(1_000_000_000L, compression) + " needed"), failure);
        }
        assertEquals(667_108_864L, BackupRoom.bytes(1_000_000_000L, "zstd"), "0.6 x the root + 64 MiB");
    }

    /**
     * Under strict validation, the keys the running jar knows (as the agent reports them) that the target's jar does not:
     * refused; nothing shown where it cannot be told (strict off, either key list unknown).
     */
    @Test
    void serverConfKeysTheTargetDroppedAreRefusedUnderStrictValidation() {
        Preflight.Goal to922 = new Preflight.Goal("9.2.2", DistributionName.of(Path.of("/dist/questdb-9.2.2-no-jre-bin.tar.gz")),
                1L << 20, "zstd", Set.of("cairo.root", "config.validation.strict", "http.net.bind.to"));
        List<String> known = List.of("cairo.root", "config.validation.strict", "line.tcp.symbol.cache.wait.us.before.reload",
                "shared.worker.affinity");
        AgentFacts strict = facts("8.1.4", "open source", List.of()).withServerConf(new AgentFacts.ConfFile(true, "ab", true, known));

        assertEquals("server.conf sets line.tcp.symbol.cache.wait.us.before.reload, shared.worker.affinity, which QuestDB 9.2.2 no "
                + "longer knows: with config.validation.strict=true its first start would exit 55 after the stop; remove them (or set "
                + "config.validation.strict=false) and plan again", Preflight.firstFailure(Preflight.checks(strict, to922, null)));
        AgentFacts kept = strict.withServerConf(new AgentFacts.ConfFile(true, "ab", true, List.of("cairo.root", "config.validation.strict")));
        List<Preflight.Check> passed = Preflight.checks(kept, to922, null);
        assertNull(Preflight.firstFailure(passed));
        assertTrue(passed.contains(new Preflight.Check("server.conf keys known to the target", true, "")), passed.toString());

        for (AgentFacts unknown : List.of(strict.withServerConf(new AgentFacts.ConfFile(true, "ab", false, null)),
                strict.withServerConf(new AgentFacts.ConfFile(true, "ab", true, null)), strict.withServerConf(null))) {
            List<Preflight.Check> checks = Preflight.checks(unknown, to922, null);
            assertNull(Preflight.firstFailure(checks), unknown.serverConf() + "");
            assertTrue(checks.stream().noneMatch(c -> c.name().startsWith("server.conf keys")), checks.toString());
        }
        assertNull(Preflight.firstFailure(Preflight.checks(strict, TO_922, null)), "the target's key list unknown: not refused");
    }

    @Test
    void aPendingRestoreIsRefusedEvenOnTheTarget() {
        String expected = "/var/lib/questdb/_restore is there: at its next start QuestDB would recover from the checkpoint beside it, "
                + "rolling the data back to that checkpoint (or, with none, refuse to start); remove it unless a restore is meant, then "
                + "plan again";
        for (String version : List.of("8.1.4", "9.2.2")) {
            AgentFacts facts = facts(version, "open source", List.of()).withRestoreTrigger("/var/lib/questdb/_restore");
            assertEquals(expected, Preflight.firstFailure(Preflight.checks(facts, TO_922, null)), version);
        }
        AgentFacts older = facts("8.1.4", "open source", List.of()).withRestoreTrigger(null);
        List<Preflight.Check> checks = Preflight.checks(older, TO_922, null);
        assertNull(Preflight.firstFailure(checks), "an agent older than the fact is not refused for it");
        assertTrue(checks.stream().anyMatch(c -> c.name().equals("no restore pending") && c.detail().startsWith("not checked: ")),
                checks.toString());
    }

    @Test
    void sharedRootIsRefusedEvenOnTheTarget() {
        String refusal = "db-1 and db-2 share the QuestDB root /q (...)";

        assertEquals(refusal, Preflight.firstFailure(Preflight.checks(facts("9.2.2", "open source", List.of()), TO_922, refusal)));
    }

    @Test
    void onTargetMeansVersionAndEdition() {
        assertTrue(Preflight.alreadyOnTarget(facts("9.2.2", "open source", List.of()), TO_922));
        assertTrue(Preflight.alreadyOnTarget(facts("9.2.2", "open source", List.of()), goal("9.2.2", "renamed.tar.gz")),
                "a renamed tarball says no edition: the version decides");
        assertTrue(Preflight.alreadyOnTarget(facts("3.1.1", "enterprise", List.of()), TO_EE));
        assertFalse(Preflight.alreadyOnTarget(facts("3.1.1", "open source", List.of()), TO_EE));
        assertEquals("QuestDB 3.1.1 here is open source, the target 3.1.1 is enterprise (from the distribution's name); "
                + "check target.distribution", Preflight.firstFailure(Preflight.checks(facts("3.1.1", "open source", List.of()), TO_EE, null)));
    }

    @Test
    void runtimeTarballForAnotherArchitectureIsRefused() {
        AgentFacts arm = new AgentFacts("h", "aarch64", true, 7, "9.2.2", "open source", "9.2.2", "no-jre", 1L << 40, 1L << 20,
                true, List.of(), List.of(), List.of());

        assertEquals("the distribution is for linux/amd64, this host is aarch64; use the aarch64 tarball",
                Preflight.firstFailure(Preflight.checks(arm, TO_EE, null)));
        assertNull(Preflight.firstFailure(Preflight.checks(arm, goal("3.1.1", "questdb-enterprise-3.1.1-rt-linux-aarch64.tar.gz"), null)));
        assertNull(Preflight.firstFailure(Preflight.checks(facts("8.1.4", "open source", List.of()),
                goal("9.2.2", "questdb-9.2.2-rt-linux-x86-64.tar.gz"), null)), "x86-64 and amd64 are one");
    }

    /**
     * Data a backup archives from outside the root cannot be restored by qfleet yet: the host is refused before anything
     * changes, unless the run backs up nothing (--skip-backup). Dirs under the root, relative ones included, pass.
     */
    @ParameterizedTest(name = "{0}={1}, backs up {2} -> ok {3}")
    @CsvSource({
        "db,              /var/lib/questdb/db,        true,  true",
        "db,              db,                         true,  true",
        "db,              /data/questdb-db,           true,  false",
        "db,              /var/lib/questdb/../db,     true,  false",
        "sql_copy_input,  /srv/imports,               true,  false",
        "sql_copy_export, /var/lib/questdb/export,    true,  true",
        "checkpoint,      /elsewhere/.checkpoint,     true,  true",
        "db,              /data/questdb-db,           false, true",
    })
    void dataOutsideTheRootIsRefusedWhenTheRunBacksUp(String dir, String path, boolean backsUp, boolean ok) {
        AgentFacts facts = facts("8.1.4", "open source", List.of()).withRoots("/var/lib/questdb", Map.of(dir, path));
        Preflight.Goal goal = new Preflight.Goal("9.2.2", DistributionName.of(Path.of("/dist/questdb-9.2.2-no-jre-bin.tar.gz")),
                1L << 20, backsUp ? "zstd" : null);

        String failure = Preflight.firstFailure(Preflight.checks(facts, goal, null));

        if (ok) {
            assertNull(failure);
        } else {
            assertEquals("QuestDB keeps its " + dir + " dir at " + path + ", outside its root /var/lib/questdb: a backup would archive "
                    + "it, but qfleet cannot restore data kept outside the root yet, so nothing could undo this host after the "
                    + "point of no return; move it under the root, or run with --skip-backup (keeping a backup of your own)", failure);
        }
    }

    private static AgentFacts facts(String version, String edition, List<String> enterpriseState) {
        return new AgentFacts("h", "amd64", true, 7, version, edition, version, "no-jre", 1L << 40, 1L << 20, true, List.of(),
                List.of(), enterpriseState);
    }

    private static Preflight.Goal goal(String version, String fileName) {
        return new Preflight.Goal(version, DistributionName.of(Path.of("/dist", fileName)), 1L << 20, "zstd");
    }
}
