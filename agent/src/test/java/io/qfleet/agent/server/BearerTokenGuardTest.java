package io.qfleet.agent.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.qfleet.agent.settings.AgentSettings;
import io.qfleet.agent.settings.SettingsException;
import io.qfleet.agent.testing.InProcessAgent;
import io.qfleet.proto.agent.v1.GetHostFactsRequest;
import io.qfleet.proto.agent.v1.HostServiceGrpc;
import io.qfleet.proto.agent.v1.ListOperationsRequest;
import io.qfleet.proto.agent.v1.OperationServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token check, wired as in production: every service but health asks for it, reflection included. */
class BearerTokenGuardTest {
    private static final String TOKEN = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    @TempDir
    Path dir;

    private InProcessAgent agent() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        AgentSettings settings = new AgentSettings("127.0.0.1", 0, true, dir.resolve("state"), dir.resolve("staging"),
                dir.resolve("backups"), new AgentSettings.QuestDb(dir.resolve("root"), dir.resolve("questdb"), "direct",
                        Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), "admin", null), null, tokenFile);
        return InProcessAgent.start(settings);
    }

    private static Channel bearing(Channel channel, String authorization) {
        Metadata headers = new Metadata();
        headers.put(BearerTokenInterceptor.AUTHORIZATION, authorization);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Status.Code facts(Channel channel) {
        try {
            HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getHostFacts(GetHostFactsRequest.getDefaultInstance());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void onlyTheRightBearerTokenIsServed() throws Exception {
        try (InProcessAgent agent = agent()) {
            assertEquals(Status.Code.UNAUTHENTICATED, facts(agent.channel()), "no token");
            assertEquals(Status.Code.UNAUTHENTICATED, facts(bearing(agent.channel(), "Bearer " + TOKEN.replace('G', 'H'))));
            assertEquals(Status.Code.UNAUTHENTICATED, facts(bearing(agent.channel(), "Bearer " + TOKEN + "x")), "a longer one");
            assertEquals(Status.Code.UNAUTHENTICATED, facts(bearing(agent.channel(), TOKEN)), "without 'Bearer '");
            assertEquals(Status.Code.OK, facts(bearing(agent.channel(), "Bearer " + TOKEN)));
        }
    }

    @Test
    void theRefusalSaysWhatIsWrongAndNeverEchoesTheToken() throws Exception {
        try (InProcessAgent agent = agent()) {
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> OperationServiceGrpc
                    .newBlockingStub(agent.channel()).listOperations(ListOperationsRequest.getDefaultInstance()));
            StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class, () -> OperationServiceGrpc
                    .newBlockingStub(bearing(agent.channel(), "Bearer wrong-token-0123456789abcdef"))
                    .listOperations(ListOperationsRequest.getDefaultInstance()));

            assertEquals("no bearer token (send the header authorization: Bearer <token>)", missing.getStatus().getDescription());
            assertEquals("the bearer token does not match the agent's token_file", wrong.getStatus().getDescription());
            assertFalse(wrong.getStatus().getDescription().contains("wrong-token"));
        }
    }

    @Test
    void healthIsOpenForProbesButReflectionAsksForTheToken() throws Exception {
        try (InProcessAgent agent = agent()) {
            assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(agent.channel())
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
            assertEquals(Status.Code.UNAUTHENTICATED, reflection(agent.channel()));
            assertEquals(Status.Code.OK, reflection(bearing(agent.channel(), "Bearer " + TOKEN)));
        }
    }

    @Test
    void aTokenFileIsReadOnceAndChecked() throws Exception {
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        Path twoWords = Files.writeString(dir.resolve("words"), "two words that are long enough to pass\n");

        SettingsException tooShort = assertThrows(SettingsException.class, () -> BearerToken.read(shortToken));
        assertThrows(SettingsException.class, () -> BearerToken.read(twoWords));
        BearerToken token = BearerToken.read(Files.writeString(dir.resolve("ok"), TOKEN + "\n"));

        assertEquals("token_file: " + shortToken + " does not hold one token of at least 22 printable characters without "
                + "spaces (make one with `qfleet pki token`)", tooShort.getMessage());
        assertTrue(token.matches(TOKEN), "the trailing line break is not part of it");
        assertEquals("BearerToken[hidden]", token.toString());
    }

    private static Status.Code reflection(Channel channel) throws Exception {
        CompletableFuture<Status.Code> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        result.complete(Status.Code.OK);
                    }

                    @Override
                    public void onError(Throwable error) {
                        result.complete(Status.fromThrowable(error).getCode());
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.Code.OK);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        return result.get(30, TimeUnit.SECONDS);
    }
}
