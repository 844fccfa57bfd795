package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbRoots;
import io.qfleet.proto.agent.v1.PreviewServerConfRequest;
import io.qfleet.proto.agent.v1.PreviewServerConfResponse;
import io.qfleet.proto.agent.v1.ReplicationPreview;
import io.qfleet.proto.agent.v1.ReplicationRole;
import io.qfleet.proto.agent.v1.ServerConfStepKeys;
import io.qfleet.proto.agent.v1.TlsPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PreviewServerConf through the agent's gRPC service, in-process, on server.conf files written by
 * the test: which step writes what in each order, a host without server.conf, a replication step
 * that will refuse, refused requests, and that no secret is echoed.
 */
class ServerConfPreviewTest {
    private static final String SECRET = "Pr3view-s3cret";
    private static final String INSTANCE_ID = "0b6f3c1e-2a4d-4e8f-9b7a-1c3d5e7f9a0b";
    private static final String STORE = "azblob::endpoint=https://a.blob.core.windows.net;container=c;root=db;account_name=a;account_key="
            + SECRET + ";";

    @TempDir
    Path tmp;

    private AgentSettings settings() {
        return new AgentSettings("127.0.0.1", 0, true, tmp.resolve("state"), tmp.resolve("staging"),
                new AgentSettings.QuestDb(tmp.resolve("root"), tmp.resolve("opt/questdb"), "direct", QuestDbRoots.javaExecutable(),
                        QuestDbRoots.jvmArgs(), QuestDbRoots.USER, null));
    }

    private Path conf(String text) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("root/conf")).resolve("server.conf");
        Files.writeString(conf, text);
        return conf;
    }

    private static PreviewServerConfRequest.Builder replication(String store, String instanceId) {
        return PreviewServerConfRequest.newBuilder().setReplication(ReplicationPreview.newBuilder()
                .setRole(ReplicationRole.REPLICATION_ROLE_REPLICA).setObjectStore(store).setInstanceId(instanceId));
    }

    @Test
    void stepByStepNamesTheTlsAndAdminsStepsAsWriters() throws Exception {
        Path conf = conf("# mine\npg.net.bind.to=127.0.0.1:8812\n");
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            PreviewServerConfResponse inSwap = agent.calls().previewServerConf(PreviewServerConfRequest.newBuilder()
                    .setTls(TlsPreview.newBuilder().setDemo(true)).setAdmins(true).build());
            PreviewServerConfResponse stepByStep = agent.calls().previewServerConf(PreviewServerConfRequest.newBuilder()
                    .setStepByStep(true).setTls(TlsPreview.newBuilder().setDemo(true)).setAdmins(true).build());

            List<String> tls = List.of("tls.enabled", "tls.demo.mode", "http.min.tls.enabled");
            assertEquals(List.of(writer("swap", List.of("tls.enabled", "tls.demo.mode", "http.min.tls.enabled", "acl.admin.password")),
                    writer("admins", List.of("acl.admin.user.enabled"))), inSwap.getWritersList());
            assertEquals(List.of(writer("tls", tls), writer("admins", List.of("acl.admin.password", "acl.admin.user.enabled"))),
                    stepByStep.getWritersList());
            assertEquals(inSwap.getDiff(), stepByStep.getDiff(), "the same final file in either order");
            assertTrue(inSwap.getDiff().contains("\n+tls.demo.mode=true\n+http.min.tls.enabled=false\n+acl.admin.password=***\n"
                    + "+acl.admin.user.enabled=false\n"), inSwap.getDiff());
            assertTrue(inSwap.getDiff().contains("\n # mine\n pg.net.bind.to=127.0.0.1:8812\n+\n"), inSwap.getDiff());
            assertArrayEquals("# mine\npg.net.bind.to=127.0.0.1:8812\n".getBytes(), Files.readAllBytes(conf), "nothing written");
        }
    }

    @Test
    void aHostWithoutServerConfIsSaidSoAndDiffedAgainstNothing() throws Exception {
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            PreviewServerConfResponse nothing = agent.calls().previewServerConf(PreviewServerConfRequest.getDefaultInstance());
            PreviewServerConfResponse admins = agent.calls().previewServerConf(PreviewServerConfRequest.newBuilder().setAdmins(true).build());

            assertFalse(nothing.getExists());
            assertEquals("", nothing.getSha256());
            assertEquals("", nothing.getDiff());
            assertFalse(admins.getExists());
            assertTrue(admins.getDiff().startsWith("--- a/conf/server.conf\n+++ b/conf/server.conf\n@@ -0,0 +1,4 @@\n+# --- managed by qfleet"),
                    admins.getDiff());
            assertFalse(Files.exists(tmp.resolve("root/conf/server.conf")), "nothing created");
        }
    }

    @Test
    void aNodeReplicatingElsewhereGetsANoteAndNoReplicationKeys() throws Exception {
        conf("replication.role=primary\nreplication.object.store=fs::root=/mnt/other;atomic_write_dir=/mnt/tmp;\n");
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            PreviewServerConfResponse preview = agent.calls().previewServerConf(replication(STORE, INSTANCE_ID).build());

            assertEquals("", preview.getDiff());
            assertEquals(List.of("replication will refuse: server.conf already has replication.role=primary with"
                    + " fs::root=/mnt/other;atomic_write_dir=/mnt/tmp;; qfleet does not move a replicating node to another role or store"),
                    preview.getNotesList());
            assertFalse(preview.toString().contains(SECRET), preview.toString());
        }
    }

    @Test
    void aNodeAlreadyReplicatingThereIsLeftAsItIs() throws Exception {
        conf("replication.role=replica\nreplication.object.store=" + STORE + "\n");
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            PreviewServerConfResponse preview = agent.calls().previewServerConf(replication(STORE, INSTANCE_ID).build());

            assertEquals("", preview.getDiff());
            assertEquals(List.of(), preview.getWritersList());
            assertEquals(List.of(), preview.getNotesList());
        }
    }

    @Test
    void duplicateDefinitionsOfAnEditedKeyAreNoted() throws Exception {
        conf("acl.admin.user.enabled=true\n# again\nacl.admin.user.enabled=true\n");
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            PreviewServerConfResponse preview = agent.calls().previewServerConf(PreviewServerConfRequest.newBuilder().setAdmins(true).build());

            assertTrue(preview.getDiff().contains("\n # again\n-acl.admin.user.enabled=true\n+acl.admin.user.enabled=false\n"),
                    preview.getDiff());
            assertEquals(List.of("acl.admin.user.enabled is defined 2 times (line 1, line 3); QuestDB uses the last one, so line 3 is"
                    + " edited and the others are kept as they are"), preview.getNotesList());
        }
    }

    @Test
    void badRequestsAreRefusedWithoutEchoingTheStore() throws Exception {
        conf("a=1\n");
        try (InProcessAgent agent = InProcessAgent.start(settings())) {
            AgentCalls calls = agent.calls();
            StatusRuntimeException badStore = assertThrows(StatusRuntimeException.class,
                    () -> calls.previewServerConf(replication("s4::bucket=b;secret_access_key=" + SECRET + ";", INSTANCE_ID).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, badStore.getStatus().getCode());
            assertTrue(badStore.getStatus().getDescription().contains("replication.object_store: scheme 's4'"), badStore.toString());
            assertFalse(badStore.toString().contains(SECRET), badStore.toString());
            assertEquals("bad_object_store", AgentCalls.errorInfo(badStore).orElseThrow().getReason());
            AgentCalls.expectError(Status.Code.INVALID_ARGUMENT, () -> calls.previewServerConf(replication(STORE, "not-a-uuid").build()));
            AgentCalls.expectError(Status.Code.INVALID_ARGUMENT, () -> calls.previewServerConf(PreviewServerConfRequest.newBuilder()
                    .setReplication(ReplicationPreview.newBuilder().setObjectStore(STORE).setInstanceId(INSTANCE_ID)).build()));
        }
    }

    private static ServerConfStepKeys writer(String step, List<String> keys) {
        return ServerConfStepKeys.newBuilder().setStep(step).addAllKeys(keys).build();
    }
}
