package io.qfleet.agent.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.install.ExtractOptions;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.proto.agent.v1.ArchiveChunk;
import io.qfleet.proto.agent.v1.ArchiveServiceGrpc;
import io.qfleet.proto.agent.v1.BackupResult;
import io.qfleet.proto.agent.v1.BackupSpec;
import io.qfleet.proto.agent.v1.OperationSpec;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.ReadArchiveRequest;
import io.qfleet.proto.agent.v1.ReplicationResult;
import io.qfleet.proto.agent.v1.ReplicationSpec;
import io.qfleet.proto.agent.v1.VerifyBackupResult;
import io.qfleet.proto.agent.v1.VerifyBackupSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 11 against a real QuestDB Open Source host (8.1.4 with a WAL and a non-WAL table) and its
 * agent: what is file work runs for real (the fs:: store claimed, refused, cleared; the archive a
 * replica would be seeded from read out of backup_dir, checked by SHA-256, unpacked without the
 * primary's conf); what needs Enterprise is refused with nothing changed (keys, restart, seeding).
 */
class ReplicationOnOpenSourceIT {
    private static final String CLUSTER = "trades";
    private static final String INSTANCE_ID = UUID.nameUUIDFromBytes("it".getBytes()).toString();

    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void storeWorkRunsOnOpenSourceAndEverythingEnterpriseIsRefusedUntouched() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        long pid = host.startSeededSource();
        Path conf = host.root().resolve("conf/server.conf");
        Path store = Files.createDirectories(tmp.resolve("nfs/trades"));
        Files.writeString(store.resolve("left-by-a-test-instance"), "x");
        String fsStore = "fs::root=" + store + ";atomic_write_dir=" + tmp.resolve("nfs/scratch") + ";";

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            assertEquals(List.of(AgentHostFixture.PLAIN_TABLE), calls.facts().getNonWalTablesList(), "what replication skips");
            assertEquals("", calls.facts().getReplicationRole());
            byte[] confBefore = Files.readAllBytes(conf);

            SortedMap<String, String> rootBeforeClaim = host.rootTree();
            Finished atTheRoot = calls.run("check-root", replication(ReplicationSpec.Phase.PHASE_CHECK_STORE, "fs::root="
                    + host.root() + ";atomic_write_dir=" + tmp.resolve("nfs/scratch") + ";", true))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("fs_store_overlaps", atTheRoot.reason(), "a confirmed clear aimed at the QuestDB root");
            assertEquals(rootBeforeClaim, host.rootTree(), "the database is untouched");
            Finished refused = calls.run("check-1", replication(ReplicationSpec.Phase.PHASE_CHECK_STORE, fsStore, false))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("fs_store_not_owned", refused.reason());
            assertTrue(Files.exists(store.resolve("left-by-a-test-instance")), "nothing cleared without the operator's word");
            ReplicationResult claimed = calls.run("check-2", replication(ReplicationSpec.Phase.PHASE_CHECK_STORE, fsStore, true))
                    .requireSucceeded().operation().getResult().getReplication();
            assertTrue(claimed.getStoreState().contains("cleared as confirmed, claimed for cluster trades"), claimed.getStoreState());
            assertEquals(List.of(AgentHostFixture.PLAIN_TABLE), claimed.getNonWalTablesList());
            try (Stream<Path> left = Files.list(store)) {
                assertEquals(List.of(store.resolve(FsStoreOwnership.MARKER)), left.toList());
            }

            Finished primary = calls.run("primary-1", replication(ReplicationSpec.Phase.PHASE_PRIMARY, fsStore, false))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_key_on_open_source", primary.reason());
            assertArrayEquals(confBefore, Files.readAllBytes(conf), "no replication key while Open Source runs");

            // The seed a replica gets: the archive read out of backup_dir is the file, byte for byte, with the SHA-256 verify_backup gave.
            BackupResult backup = calls.run("backup-1", OperationSpec.newBuilder().setBackup(BackupSpec.getDefaultInstance()).build())
                    .requireSucceeded().operation().getResult().getBackup();
            VerifyBackupResult verified = calls.run("verify-backup-1", OperationSpec.newBuilder().setVerifyBackup(
                    VerifyBackupSpec.newBuilder().setArchivePath(backup.getArchivePath())).build())
                    .requireSucceeded().operation().getResult().getVerifyBackup();
            Path archive = Path.of(backup.getArchivePath());
            byte[] read = readArchive(agent, backup.getArchivePath(), false, 0);
            assertArrayEquals(Files.readAllBytes(archive), read);
            assertEquals(sha256(read), verified.getArchiveSha256());
            byte[] tail = readArchive(agent, backup.getArchivePath(), false, read.length / 2);
            assertEquals(read.length - read.length / 2, tail.length, "a broken read resumes from its offset");
            byte[] manifest = readArchive(agent, backup.getArchivePath(), true, 0);
            assertEquals(sha256(manifest), verified.getManifestSha256());

            Path unpacked = tmp.resolve("seed");
            SafeArchiveExtractor.extract(archive, unpacked, ExtractOptions.BACKUP.only(Set.of("db", ".checkpoint")), (d, t) -> { });
            try (Stream<Path> top = Files.list(unpacked)) {
                assertEquals(Set.of("db", ".checkpoint"), Set.copyOf(top.map(p -> p.getFileName().toString()).toList()),
                        "a replica takes the primary's data and checkpoint, never its conf");
            }

            // Delivered to this agent as if it were the replica: refused before QuestDB stops or its db moves.
            calls.upload(archive, verified.getArchiveSha256());
            Path manifestFile = tmp.resolve("primary.tar.zst.manifest.json");
            Files.write(manifestFile, manifest);
            calls.upload(manifestFile, verified.getManifestSha256());
            SortedMap<String, String> rootBefore = host.rootTree();
            Finished replica = calls.run("replica-1", OperationSpec.newBuilder().setReplication(ReplicationSpec.newBuilder()
                    .setPhase(ReplicationSpec.Phase.PHASE_REPLICA).setObjectStore(fsStore).setCluster(CLUSTER).setInstanceId(INSTANCE_ID)
                    .setArchiveSha256(verified.getArchiveSha256()).setManifestSha256(verified.getManifestSha256())).build())
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("enterprise_key_on_open_source", replica.reason());
            assertEquals(rootBefore, host.rootTree(), "the replica's root is untouched");
            assertEquals(pid, calls.facts().getQuestdbPid(), "nothing restarted");
            assertEquals(AgentHostFixture.seededRowCounts(), host.rowCounts());
        }
    }

    private static OperationSpec replication(ReplicationSpec.Phase phase, String store, boolean clear) {
        return OperationSpec.newBuilder().setReplication(ReplicationSpec.newBuilder().setPhase(phase).setObjectStore(store)
                .setCluster(CLUSTER).setInstanceId(INSTANCE_ID).setClearFsStore(clear)).build();
    }

    private static byte[] readArchive(InProcessAgent agent, String path, boolean manifest, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<ArchiveChunk> chunks = ArchiveServiceGrpc.newBlockingStub(agent.channel()).readArchive(
                ReadArchiveRequest.newBuilder().setArchivePath(path).setManifest(manifest).setOffset(offset).build());
        long expected = offset;
        while (chunks.hasNext()) {
            ArchiveChunk chunk = chunks.next();
            assertEquals(expected, chunk.getOffset());
            out.writeBytes(chunk.getData().toByteArray());
            expected += chunk.getData().size();
        }
        assertFalse(out.size() == 0 && offset == 0, "an archive is never empty");
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
