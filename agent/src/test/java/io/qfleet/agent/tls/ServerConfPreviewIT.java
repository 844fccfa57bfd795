package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfDiff;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.PreviewServerConfResponse;
import io.qfleet.proto.agent.v1.ReplicationPreview;
import io.qfleet.proto.agent.v1.ReplicationRole;
import io.qfleet.proto.agent.v1.ServerConfStepKeys;
import io.qfleet.proto.agent.v1.StageSpec;
import io.qfleet.proto.agent.v1.SwapSpec;
import io.qfleet.proto.agent.v1.TlsPreview;
import io.qfleet.proto.agent.v1.TlsSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's server.conf preview against the template a real QuestDB 9.2.2 writes on its first
 * start: the diff the agent answers for an Enterprise run (TLS per endpoint, admins, a replication
 * primary with an s3 store) is what the run then writes. The swap's part is written for real by the
 * agent's swap of an Enterprise-shaped distribution (TLS keys, the built-in admin's override); the
 * parts of the admins and replication steps, which need a running Enterprise server, are written
 * with the writer from the keys those steps are documented to set. GNU {@code patch} applies the
 * diff to the old file, and the result is the new file, secret values as {@code ***}.
 * Here, not in {@code step/}, for {@link TestPki}.
 */
class ServerConfPreviewIT {
    private static final String STORE_SECRET = "wJalrXUtnFEMI-K7MDENG-preview";
    private static final String INSTANCE_ID = "6f1c2a4e-8d3b-4c7a-9e21-3b5d7f9a1c2e";
    private static final String STORE = "s3::bucket=qdb;root=trades;region=eu-west-1;access_key_id=AKIAPREVIEW;secret_access_key="
            + STORE_SECRET + ";";

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void previewOfAnEnterpriseRunIsExactlyWhatTheRunWritesOnAGeneratedServerConf() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Path conf = host.root().resolve("conf/server.conf");
        Files.delete(conf);
        QuestDbRoots.writeTemplateByFirstStart(host.root(), QuestDbRoots.targetJar(), Duration.ofSeconds(90));
        byte[] template = Files.readAllBytes(conf);
        assertTrue(template.length > 10_000 && new String(template, StandardCharsets.ISO_8859_1).contains("config.validation.strict=true"),
                "QuestDB's own template, " + template.length + " bytes");
        Tarball enterprise = Distributions.enterpriseShapedJar(host.coordinatorDir());
        Path[] material = material();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            PreviewServerConfResponse unchanged = calls.previewServerConf(PreviewServerConfRequest.getDefaultInstance());
            assertEquals("", unchanged.getDiff(), "an Open Source upgrade writes nothing");
            assertTrue(unchanged.getExists());
            assertEquals(sha256(template), unchanged.getSha256());

            PreviewServerConfResponse preview = calls.previewServerConf(PreviewServerConfRequest.newBuilder()
                    .setTls(TlsPreview.newBuilder().setPerEndpoint(true)).setAdmins(true)
                    .setReplication(ReplicationPreview.newBuilder().setRole(ReplicationRole.REPLICATION_ROLE_PRIMARY)
                            .setObjectStore(STORE).setInstanceId(INSTANCE_ID)).build());
            String diff = preview.getDiff();
            assertFalse(preview.toString().contains(STORE_SECRET), preview.toString());
            assertTrue(diff.startsWith("--- a/conf/server.conf\n+++ b/conf/server.conf\n@@ "), diff);
            assertTrue(diff.contains("\n+replication.object.store=s3::bucket=qdb;root=trades;region=eu-west-1;access_key_id=***;"
                    + "secret_access_key=***;\n"), diff);
            assertTrue(diff.contains("\n+acl.admin.password=***\n"), diff);
            Path installed = host.root().toRealPath().resolve("conf/qfleet-tls");
            assertTrue(diff.contains("\n+pg.tls.cert.path=" + installed.resolve("cert.pem") + "\n"), diff);
            List<String> tlsKeys = List.of("tls.enabled", "tls.cert.path", "tls.private.key.path", "http.tls.enabled", "http.tls.cert.path",
                    "http.tls.private.key.path", "pg.tls.enabled", "pg.tls.cert.path", "pg.tls.private.key.path", "line.tcp.tls.enabled",
                    "line.tcp.tls.cert.path", "line.tcp.tls.private.key.path", "http.min.tls.enabled");
            assertEquals(List.of(writer("swap", concat(tlsKeys, List.of("acl.admin.password"))), writer("admins", List.of("acl.admin.user.enabled")),
                    writer("replication", List.of("replication.role", "replication.object.store", "cairo.snapshot.instance.id"))),
                    preview.getWritersList());
            assertArrayEquals(template, Files.readAllBytes(conf), "a preview changes nothing");

            // The run, as far as it can go without an Enterprise server: the swap writes its keys for real.
            calls.upload(enterprise);
            calls.run("stage-1", OperationSpec.newBuilder().setStage(StageSpec.newBuilder().setSha256(enterprise.sha256())
                    .setExpectedVersion(Distributions.TARGET_VERSION).setRequireEnterprise(true)).build()).requireSucceeded();
            calls.run("tls-check", OperationSpec.newBuilder().setTls(TlsSpec.newBuilder().setPhase(TlsSpec.Phase.PHASE_PREPARE)
                    .setCertPath(material[0].toString()).setKeyPath(material[1].toString()).setHostAddress("127.0.0.1")
                    .setPerEndpoint(true)).build()).requireSucceeded();
            calls.run("swap-1", OperationSpec.newBuilder().setSwap(SwapSpec.newBuilder().setStageOperationId("stage-1")
                    .setTlsOperationId("tls-check").setOverrideBuiltinAdmin(true)).build()).requireSucceeded();
            // Then the admins step's last key and the replication step's keys, as those steps set them.
            Map<String, String> later = new LinkedHashMap<>();
            later.put("acl.admin.user.enabled", "false");
            later.put("replication.role", "primary");
            later.put("replication.object.store", STORE);
            later.put("cairo.snapshot.instance.id", INSTANCE_ID);
            ServerConfEdit rest = ServerConfEdit.of(ServerConf.read(conf), Clock.systemUTC());
            later.forEach(rest::set);
            ServerConfWriter.write(conf, rest, Edition.ENTERPRISE);
            String written = Files.readString(conf, StandardCharsets.ISO_8859_1);
            assertTrue(written.contains(STORE_SECRET), "the run writes the real store string");

            Path patched = tmp.resolve("patched.conf");
            Files.writeString(patched, ServerConfDiff.redacted(new String(template, StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
            Path patchFile = Files.writeString(tmp.resolve("server.conf.diff"), diff, StandardCharsets.ISO_8859_1);
            Process patch = new ProcessBuilder("patch", "--silent", "--forward", patched.toString(), patchFile.toString())
                    .redirectErrorStream(true).start();
            patch.getOutputStream().close();
            String patchOutput = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(patch.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, patch.exitValue(), "patch: " + patchOutput);
            assertEquals(ServerConfDiff.redacted(written), Files.readString(patched, StandardCharsets.ISO_8859_1),
                    "old file + the preview's diff = the file the run wrote, secrets as ***");
        }
    }

    private Path[] material() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("material"));
        Instant now = Instant.now();
        TestPki.Issued root = TestPki.cert("CN=qfleet preview root").ca().keys(TestPki.rsaCa())
                .validity(now.minus(1, ChronoUnit.DAYS), now.plus(400, ChronoUnit.DAYS)).selfSigned();
        TestPki.Issued leaf = TestPki.cert("CN=db-1").dns("localhost").ip("127.0.0.1").serverAuth()
                .validity(now.minus(1, ChronoUnit.DAYS), now.plus(300, ChronoUnit.DAYS)).issuedBy(root);
        Path cert = TestPki.writeChain(dir.resolve("cert.pem"), leaf, root);
        Path key = dir.resolve("key.pem");
        TestPki.writeKey(key, leaf.privateKey());
        return new Path[] {cert, key};
    }

    private static ServerConfStepKeys writer(String step, List<String> keys) {
        return ServerConfStepKeys.newBuilder().setStep(step).addAllKeys(keys).build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
