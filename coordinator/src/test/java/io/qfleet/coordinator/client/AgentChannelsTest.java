package io.qfleet.coordinator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.qfleet.coordinator.fleet.AgentAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which agent addresses are dialled without gRPC's DNS resolver, and the authority TLS then checks. */
class AgentChannelsTest {
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
}
