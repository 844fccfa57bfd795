package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.proto.agent.v1.AccessSpec;
import io.qfleet.proto.agent.v1.AdminsSpec;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.TlsResult;
import io.qfleet.proto.agent.v1.TlsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Enterprise steps against a real QuestDB Open Source host (8.1.4, target 9.2.2), where all
 * that can be observed is what they must not do: no Enterprise key reaches server.conf while the
 * binaries are Open Source (OSS with config.validation.strict=true exits 55 on them,
 * {@code ServerConfWriterIT}), nothing restarts, nothing moves; and what they may do early: check
 * and install TLS material while the old version serves. revert_swap strips Enterprise keys.
 */
class EnterpriseStepsOnOpenSourceIT {
    private static final String ADMIN_PASSWORD = "S3cret-'admin';--pw";
    private static final String USER_PASSWORD = "Us3r-'alice';DROP--pw";

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void enterpriseStepsChangeNothingOnOpenSourceAndRevertStripsEnterpriseKeys() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Path conf = host.root().resolve("conf/server.conf");
        // Strict, as the template QuestDB writes: an Enterprise key left in it stops Open Source (exit 55).
        // 8.1.4 has no mat.view key, so the test conf's one goes.
        Files.writeString(conf, "config.validation.strict=true\n"
                + Files.readString(conf).replaceAll("(?m)^mat\\.view\\.refresh\\.worker\\.count=.*\\R", ""));
        long pid = host.startSeededSource();
        Tarball target = Distributions.target(host.coordinatorDir());
        Path material = Files.createDirectories(tmp.resolve("material"));
        Path cert = material.resolve("cert.pem");
        Path key = material.resolve("key.pem");
        Instant now = Instant.now();
        TestPki.Issued root = TestPki.cert("CN=qfleet it root").ca().keys(TestPki.rsaCa())
                .validity(now.minus(1, ChronoUnit.DAYS), now.plus(400, ChronoUnit.DAYS)).selfSigned();
        TestPki.Issued leaf = TestPki.cert("CN=db-1").dns("localhost").ip("127.0.0.1").serverAuth()
                .validity(now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS)).issuedBy(root);
        TestPki.writeChain(cert, leaf, root);
        TestPki.writeKey(key, leaf.privateKey());
        Path expiredCert = TestPki.writeChain(material.resolve("expired.pem"), TestPki.cert("CN=old").ip("127.0.0.1").serverAuth()
                .keys(leaf.keys()).validity(now.minus(400, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)).issuedBy(root), root);

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            calls.upload(target);
            Finished notEnterprise = calls.run("stage-ee", OperationSpec.newBuilder().setStage(StageSpec.newBuilder()
                    .setSha256(target.sha256()).setExpectedVersion(Distributions.TARGET_VERSION).setRequireEnterprise(true)).build())
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_required", notEnterprise.reason());
            calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();

            byte[] confBefore = Files.readAllBytes(conf);
            Finished expired = calls.run("tls-expired", tls(TlsSpec.Phase.PHASE_PREPARE, expiredCert, key))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("tls_invalid", expired.reason());
            assertTrue(expired.operation().getFailure().getMessage().contains("expired"), expired.operation().getFailure().getMessage());
            assertFalse(Files.exists(host.root().resolve("conf/qfleet-tls/key.pem")), "refused material is not installed");

            // Checked and installed while 8.1.4 serves: QuestDB does not read these files until tls.* names them.
            TlsResult prepared = calls.run("tls-prepare", tls(TlsSpec.Phase.PHASE_PREPARE, cert, key)).requireSucceeded()
                    .operation().getResult().getTls();
            Path installedKey = Path.of(prepared.getKeyPath());
            assertEquals(host.root().resolve("conf/qfleet-tls/key.pem"), installedKey);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(installedKey)));
            assertArrayEquals(confBefore, Files.readAllBytes(conf), "preparing TLS leaves server.conf alone");

            Finished apply = calls.run("tls-apply", tls(TlsSpec.Phase.PHASE_APPLY, cert, key)).require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_key_on_open_source", apply.reason());
            Finished override = calls.run("admins-override", OperationSpec.newBuilder().setAdmins(AdminsSpec.newBuilder()
                    .setPhase(AdminsSpec.Phase.PHASE_OVERRIDE)).build()).require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_key_on_open_source", override.reason());
            // Open Source has no CREATE USER: the failure must name the statement with the password masked.
            Finished create = calls.run("admins-create", OperationSpec.newBuilder().setAdmins(AdminsSpec.newBuilder()
                    .setPhase(AdminsSpec.Phase.PHASE_CREATE).addAccounts(AdminsSpec.Account.newBuilder()
                            .setName("ops_admin").setPassword(ADMIN_PASSWORD))).build()).require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("acl_statement_failed", create.reason(), create.operation().getFailure().toString());
            assertTrue(create.operation().getFailure().getMessage().contains("'***'"), create.operation().getFailure().getMessage());
            assertFalse(create.operation().toString().contains(ADMIN_PASSWORD), "the operation as the agent reports it");
            create.events().forEach(e -> assertFalse(e.getMessage().contains(ADMIN_PASSWORD), e.getMessage()));
            // The optional accounts likewise: the first statement (CREATE USER ... WITH PASSWORD) fails, masked.
            Finished access = calls.run("access", OperationSpec.newBuilder().setAccess(AccessSpec.newBuilder()
                    .addUsers(AccessSpec.User.newBuilder().setName("alice").setPassword(USER_PASSWORD)
                            .addGrants(AccessSpec.Grant.newBuilder().addPermissions("PGWIRE")))).build())
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("acl_statement_failed", access.reason(), access.operation().getFailure().toString());
            assertTrue(access.operation().getFailure().getMessage().startsWith("CREATE USER IF NOT EXISTS \"alice\" WITH PASSWORD '***'"
                    + " failed: "), access.operation().getFailure().getMessage());
            assertFalse(access.operation().toString().contains(USER_PASSWORD), "the operation as the agent reports it");
            access.events().forEach(e -> assertFalse(e.getMessage().contains(USER_PASSWORD), e.getMessage()));
            assertArrayEquals(confBefore, Files.readAllBytes(conf), "no Enterprise key while Open Source runs");
            assertEquals(pid, calls.facts().getQuestdbPid(), "nothing restarted");
            assertFalse(Files.exists(host.stateDir().resolve("pg-credentials")));

            calls.run("inventory-1", Specs.inventory()).requireSucceeded();
            calls.run("stop-1", Specs.stop()).requireSucceeded();
            Finished eeSwap = calls.run("swap-ee", OperationSpec.newBuilder().setSwap(SwapSpec.newBuilder()
                    .setStageOperationId("stage-1").setTlsOperationId("tls-prepare").setOverrideBuiltinAdmin(true)).build())
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_key_on_open_source", eeSwap.reason());
            assertArrayEquals(Files.readAllBytes(QuestDbRoots.sourceJar()), Files.readAllBytes(host.installDir().resolve("questdb.jar")),
                    "refused before the renames: the old binaries are still in place");
            assertArrayEquals(confBefore, Files.readAllBytes(conf));

            calls.run("swap-1", Specs.swap("stage-1")).requireSucceeded();
            // As an Enterprise swap would have left it, then a rollback to the Open Source binaries.
            ServerConfEdit ee = ServerConfEdit.of(ServerConf.read(conf), Clock.systemUTC())
                    .set("tls.enabled", "true").set("tls.cert.path", prepared.getCertPath()).set("acl.admin.password", ADMIN_PASSWORD);
            ServerConfWriter.write(conf, ee, Edition.ENTERPRISE);
            calls.run("revert-1", Specs.revertSwap("swap-1")).requireSucceeded();
            assertArrayEquals(confBefore, Files.readAllBytes(conf), "revert_swap strips exactly the Enterprise keys");
            calls.run("start-2", Specs.start()).requireSucceeded();
            calls.run("gate-2", Specs.healthGate(AgentHostFixture.SOURCE_VERSION, 120)).requireSucceeded();
            calls.run("verify-2", Specs.verify("inventory-1")).requireSucceeded();

            List<Path> stored;
            try (Stream<Path> files = Files.walk(host.stateDir())) {
                stored = files.filter(Files::isRegularFile).toList();
            }
            for (Path file : stored) {
                String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(ADMIN_PASSWORD), file + " holds the admin password");
                assertFalse(text.contains(USER_PASSWORD), file + " holds the user's password");
            }
        }
    }

    private static OperationSpec tls(TlsSpec.Phase phase, Path cert, Path key) {
        return OperationSpec.newBuilder().setTls(TlsSpec.newBuilder().setPhase(phase).setCertPath(cert.toString())
                .setKeyPath(key.toString()).setHostAddress("127.0.0.1").setExpiryWindowDays(30)).build();
    }
}
