package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.replication.ObjectStore;
import io.qfleet.agent.serverconf.ServerConf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link ReplicationStep#keysFor}: what a node's server.conf needs to become a role of a store, or why it may not. */
class ReplicationKeysTest {
    private static final String SECRET = "Repl1cation-s3cret";
    private static final ObjectStore STORE = ObjectStore.parse("s3::bucket=qdb;root=trades;region=eu-west-1;access_key_id=AKIAQ;"
            + "secret_access_key=" + SECRET + ";");
    private static final String INSTANCE_ID = "0b6f3c1e-2a4d-4e8f-9b7a-1c3d5e7f9a0b";

    @Test
    void aNodeWithoutReplicationGetsRoleStoreAndInstanceId() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("replication.role", "primary");
        expected.put("replication.object.store", STORE.value());
        expected.put("cairo.snapshot.instance.id", INSTANCE_ID);
        assertEquals(expected, ReplicationStep.keysFor(ServerConf.parse("pg.net.bind.to=0.0.0.0:8812\n"), "primary", STORE, INSTANCE_ID));
        assertEquals(expected, ReplicationStep.keysFor(ServerConf.parse("replication.role=none\n"), "primary", STORE, INSTANCE_ID),
                "role none is no replication");
    }

    @Test
    void aNodeAlreadyThatRoleOfThatStoreNeedsNothingAndKeepsItsInstanceId() {
        ServerConf conf = ServerConf.parse("replication.role=replica\nreplication.object.store=" + STORE.value()
                + "\ncairo.snapshot.instance.id=its-own\n");
        assertEquals(Map.of(), ReplicationStep.keysFor(conf, "replica", STORE, INSTANCE_ID));
    }

    @ParameterizedTest(name = "{0} of {1} asked to be {2}")
    @CsvSource({
        "replica, same,  primary",
        "primary, same,  replica",
        "primary, other, primary",
        "primary, '',    primary",
    })
    void aNodeConfiguredDifferentlyIsRefusedWithoutItsSecret(String role, String store, String asked) {
        String current = store.equals("same") ? STORE.value() : store.equals("other")
                ? "s3::bucket=elsewhere;root=trades;region=eu-west-1;access_key_id=AKIAQ;secret_access_key=" + SECRET + ";" : "";
        ServerConf conf = ServerConf.parse("replication.role=" + role + "\nreplication.object.store=" + current + "\n");

        AgentException e = assertThrows(AgentException.class, () -> ReplicationStep.keysFor(conf, asked, STORE, INSTANCE_ID));

        assertEquals("replication_configured_differently", e.reason());
        assertTrue(e.getMessage().startsWith("server.conf already has replication.role=" + role + " with "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; qfleet does not move a replicating node to another role or store"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "the store's secret never leaves the host: " + e.getMessage());
    }
}
