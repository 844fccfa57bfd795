package io.qfleet.coordinator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.coordinator.pki.KeyAlgorithm;
import io.qfleet.coordinator.pki.LeafRequest;
import io.qfleet.coordinator.pki.PkiDirectory;
import io.qfleet.coordinator.pki.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which agent addresses are dialled without gRPC's DNS resolver, the authority TLS then checks, and
 * when a TLS context is built again.
 */
class AgentChannelsTest {
    @TempDir
    Path dir;

    @Test
    void ipLiteralsAreDialledDirectlyAndNamesAreResolved() {
        for (String literal : List.of("127.0.0.2", "10.1.2.3", "::1", "fd00::12")) {
            assertTrue(AgentChannels.isIpLiteral(literal), literal);
        }
        for (String name : List.of("db-1", "db-1.example.com", "1.2.3.4.example.com", "localhost", "1.2.3.999", "256.1.1.1")) {
            assertFalse(AgentChannels.isIpLiteral(name), name);
        }
    }

    @Test
    void theAuthorityStaysTheAddressDialled() {
        for (List<String> hostAndAuthority : List.of(List.of("127.0.0.2", "127.0.0.2:7443"), List.of("::1", "[::1]:7443"),
                List.of("db-1.example.com", "db-1.example.com:7443"))) {
            ManagedChannel channel = AgentChannels.open(hostAndAuthority.get(0), 7443, AgentAccess.PLAINTEXT);
            try {
                assertEquals(hostAndAuthority.get(1), channel.authority());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** A certificate renewed while qfleet runs (or between two commands of one JVM, as in tests) is read again. */
    @Test
    void aReplacedTlsFileGetsANewContextAndUnchangedFilesTheSameOne() throws Exception {
        PkiDirectory pki = new PkiDirectory(dir.resolve("pki"));
        Validity validity = Validity.days(Instant.now(), 30);
        pki.initCa("test CA", KeyAlgorithm.EC, validity);
        issueClient(pki, validity);
        AgentAccess access = AgentAccess.mutualTls(pki.caCert(), pki.clientCert("coordinator"), pki.clientKey("coordinator"),
                "t".repeat(43));

        ChannelCredentials first = AgentChannels.cachedCredentials(access);
        assertSame(first, AgentChannels.cachedCredentials(access), "a thousand hosts share one context");

        issueClient(pki, validity);
        // The same length is possible for a new EC certificate: the modification time tells it apart.
        Files.setLastModifiedTime(pki.clientCert("coordinator"), FileTime.from(Instant.now().plusSeconds(5)));
        ChannelCredentials renewed = AgentChannels.cachedCredentials(access);
        assertNotSame(first, renewed);
        assertSame(renewed, AgentChannels.cachedCredentials(access));
    }

    private static void issueClient(PkiDirectory pki, Validity validity) {
        pki.write(pki.clientCert("coordinator"), pki.clientKey("coordinator"), pki.ca().issue(new LeafRequest("coordinator",
                LeafRequest.Purpose.CLIENT, List.of(), List.of(), KeyAlgorithm.EC, validity)));
    }
}
