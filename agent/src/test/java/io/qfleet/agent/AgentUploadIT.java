package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qfleet.agent.testing.AgentCalls;
import io.qfleet.agent.testing.AgentCalls.Finished;
import io.qfleet.agent.testing.AgentHostFixture;
import io.qfleet.agent.testing.Distributions;
import io.qfleet.agent.testing.Distributions.Tarball;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.agent.testing.QuestDbStopper;
import io.qfleet.agent.testing.Specs;
import io.qfleet.agent.testing.UploadCall;
import io.qfleet.proto.agent.v1.GetUploadResponse;
import io.qfleet.proto.agent.v1.OperationState;
import io.qfleet.proto.agent.v1.UploadDistributionResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** UploadDistribution and GetUpload through gRPC: checksum refusal and resuming a dropped stream. */
class AgentUploadIT {
    @RegisterExtension
    final QuestDbStopper stopper = new QuestDbStopper();
    @TempDir
    Path tmp;

    @Test
    void wrongSha256IsRefusedAndNothingIsKept() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Tarball target = Distributions.target(host.coordinatorDir());
        String wrong = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("some other file".getBytes(StandardCharsets.UTF_8)));
        SortedMap<String, String> opt = host.optTree();

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> calls.upload(target.file(), wrong));
            ErrorInfo info = AgentCalls.errorInfo(refused).orElseThrow(() -> new AssertionError("no ErrorInfo: " + refused));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.toString());
            assertEquals("sha256_mismatch", info.getReason());
            assertEquals("qfleet.io", info.getDomain());
            assertTrue(refused.getStatus().getDescription().contains(target.sha256()), "names the actual SHA-256: " + refused);

            assertEquals(GetUploadResponse.newBuilder().setSha256(wrong).build(), calls.getUpload(wrong), "partial file deleted");
            assertEquals(0, calls.getUpload(target.sha256()).getBytesReceived());
            assertEquals(List.of(), files(host.stagingDir()), "nothing kept in the staging dir");

            Finished stage = calls.run("stage-1", Specs.stage(wrong, Distributions.TARGET_VERSION))
                    .require(OperationState.OPERATION_STATE_FAILED);
            assertEquals("upload_not_found", stage.reason());
            assertEquals(opt, host.optTree(), "install dir unchanged, nothing staged beside it");
        }
    }

    @Test
    void droppedUploadResumesFromWhatArrived() throws Exception {
        AgentHostFixture host = AgentHostFixture.create(tmp, stopper);
        Tarball target = Distributions.target(host.coordinatorDir());
        long half = target.size() / 2;

        try (InProcessAgent agent = InProcessAgent.start(host.settings())) {
            AgentCalls calls = agent.calls();
            UploadCall first = calls.openUpload(target.fileName(), target.size(), target.sha256());
            AgentCalls.sendFile(first, target.file(), 0, half);
            calls.awaitUploadBytes(target.sha256(), half);
            first.cancel();
            StatusRuntimeException dropped = assertThrows(StatusRuntimeException.class, first::await);
            assertEquals(Status.Code.CANCELLED, dropped.getStatus().getCode());

            GetUploadResponse partial = calls.getUpload(target.sha256());
            assertEquals(half, partial.getBytesReceived(), "what arrived is kept");
            assertFalse(partial.getComplete());

            // A chunk at any other offset than bytes_received is refused and damages nothing.
            StatusRuntimeException misplaced = assertThrows(StatusRuntimeException.class, () -> retryWhileBusy(() -> {
                UploadCall call = calls.openUpload(target.fileName(), target.size(), target.sha256());
                AgentCalls.sendFile(call, target.file(), 0, 1024);
                return call.finish();
            }));
            assertEquals(Status.Code.FAILED_PRECONDITION, misplaced.getStatus().getCode(), misplaced.toString());
            assertEquals("upload_offset_mismatch", AgentCalls.errorInfo(misplaced).orElseThrow().getReason());
            assertEquals(half, calls.getUpload(target.sha256()).getBytesReceived());

            UploadDistributionResponse done = retryWhileBusy(() -> {
                long from = calls.getUpload(target.sha256()).getBytesReceived();
                assertEquals(half, from);
                UploadCall resumed = calls.openUpload(target.fileName(), target.size(), target.sha256());
                AgentCalls.sendFile(resumed, target.file(), from, target.size());
                return resumed.finish();
            });
            assertEquals(target.sha256(), done.getSha256());
            GetUploadResponse complete = calls.getUpload(target.sha256());
            assertTrue(complete.getComplete());
            assertEquals(target.size(), complete.getBytesReceived());

            calls.run("stage-1", Specs.stage(target.sha256(), Distributions.TARGET_VERSION)).requireSucceeded();
        }
    }

    private interface Attempt<T> {
        T run() throws Exception;
    }

    /**
     * The agent releases a dropped stream's upload asynchronously; until then a new stream for the
     * same SHA-256 is ABORTED (upload_in_progress), which the contract says to retry.
     */
    private static <T> T retryWhileBusy(Attempt<T> attempt) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return attempt.run();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED || System.nanoTime() > deadline) {
                    throw e;
                }
                assertEquals("upload_in_progress", AgentCalls.errorInfo(e).orElseThrow().getReason());
                Thread.sleep(50);
            }
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
