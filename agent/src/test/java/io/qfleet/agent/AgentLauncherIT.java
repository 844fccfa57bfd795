package io.qfleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.qfleet.agent.testing.ThrowawaySettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped launcher ({@code packaging/bin/qfleet-agent}, options from {@code conf/jvm.options}) as an
 * operator runs it: it makes a missing class data sharing archive and starts on it, remakes a stale
 * one, starts anyway on one the JVM cannot map, and the agent answers gRPC health checks and server
 * reflection (what grpcurl-style tools use) for every qfleet service.
 */
class AgentLauncherIT {
    private static final Path LAUNCHER = Path.of("..", "packaging", "bin", "qfleet-agent").toAbsolutePath().normalize();
    /** The jar the launcher runs from this checkout: an archive maps only for the class path it was made with. */
    private static final Path JAR = LAUNCHER.getParent().getParent().getParent().resolve("agent/target/qfleet-agent.jar");

    @TempDir
    Path tmp;
    private Process agent;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.destroy();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent pid " + agent.pid() + " ignored SIGTERM");
        }
    }

    @Test
    void launcherMakesTheArchiveStartsOnItAndServesHealthAndReflection() throws Exception {
        Path archive = tmp.resolve("cds/agent.jsa");
        Files.createDirectories(archive.getParent());

        start(archive);

        assertTrue(Files.size(archive) > 1 << 20, "archive made before the start: " + archive);
        assertTrue(commandLine().contains("-XX:SharedArchiveFile=" + archive), commandLine());
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "qfleet.agent.v1.ArchiveService",
                "qfleet.agent.v1.DistributionService", "qfleet.agent.v1.HostService", "qfleet.agent.v1.OperationService"), listServices());
    }

    @Test
    void archiveOfAnotherJavaIsRemade() throws Exception {
        Path archive = tmp.resolve("agent.jsa");
        Files.write(archive, new byte[] {1, 2, 3});
        Files.writeString(tmp.resolve("agent.jsa.java"), "/opt/other-jdk/bin/java\n" + JAR + "\n");
        FileTime stale = Files.getLastModifiedTime(archive);

        start(archive);

        assertNotEquals(stale, Files.getLastModifiedTime(archive));
        assertTrue(Files.size(archive) > 1 << 20, "remade: " + Files.size(archive) + " bytes");
        assertNotEquals("/opt/other-jdk/bin/java", Files.readString(tmp.resolve("agent.jsa.java")).lines().findFirst().orElse(""));
    }

    /** Made for the jar at another path (a tarball's archive unpacked elsewhere): the JVM would not map it. */
    @Test
    void archiveOfAJarAtAnotherPathIsRemade() throws Exception {
        Path archive = tmp.resolve("agent.jsa");
        Files.write(archive, new byte[] {1, 2, 3});
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        Files.writeString(tmp.resolve("agent.jsa.java"), java + "\n/opt/build/agent/target/qfleet-agent.jar\n");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        start(archive);

        assertTrue(Files.size(archive) > 1 << 20, "remade: " + Files.size(archive) + " bytes");
        assertEquals(java + "\n" + JAR, Files.readString(tmp.resolve("agent.jsa.java")).strip());
    }

    @Test
    void archiveTheJvmCannotMapIsSkipped() throws Exception {
        Path archive = tmp.resolve("agent.jsa");
        Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        Files.writeString(tmp.resolve("agent.jsa.java"), java + "\n" + JAR + "\n");
        // newer than the jar, the options and libjvm.so, stamped with this java and jar: the launcher takes it as current
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        start(archive);

        assertTrue(commandLine().contains("-XX:SharedArchiveFile=" + archive), commandLine());
        assertEquals("not an archive", Files.readString(archive));
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    private void start(Path archive) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("host"));
        Path settings = ThrowawaySettings.write(work);
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--settings", settings.toString())
                .redirectError(work.resolve("agent.err").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("QFLEET_AGENT_CDS_ARCHIVE", archive.toString());
        agent = builder.start();
        agent.getOutputStream().close();
        CompletableFuture<String> serving = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("SERVING ")) {
                        return line.substring("SERVING ".length());
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String address = serving.get(180, TimeUnit.SECONDS);
        assertTrue(address != null, "no SERVING line: " + Files.readString(work.resolve("agent.err")));
        String[] hostPort = address.split(":");
        channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1])).usePlaintext().build();
    }

    /** The JVM's own command line: the launcher execs java, so the pid is the JVM's. */
    private String commandLine() throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + agent.pid() + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private Set<String> listServices() throws Exception {
        CompletableFuture<List<ServiceResponse>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        services.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        Set<String> names = new TreeSet<>();
        services.get(10, TimeUnit.SECONDS).forEach(service -> names.add(service.getName()));
        return names;
    }
}
