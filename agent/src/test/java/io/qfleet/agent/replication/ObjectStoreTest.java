package io.qfleet.agent.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG";

    @Test
    void partsAreReadAndSecretsNeverShown() {
        ObjectStore store = ObjectStore.parse("s3::bucket=b;root=trades;region=eu-west-1;access_key_id=AKIA1;secret_access_key="
                + SECRET + ";");
        assertEquals("s3", store.scheme());
        assertEquals("b", store.part("bucket").orElseThrow());
        assertEquals("s3::bucket=b;root=trades;region=eu-west-1;access_key_id=***;secret_access_key=***;", store.redacted());
        assertEquals(store.redacted(), store.toString());
    }

    @Test
    void anUnknownSchemeOrARepeatedPartIsRefusedWithoutTheSecret() {
        assertEquals("bad_object_store", assertThrows(AgentException.class, () -> ObjectStore.parse("ftp::root=/x;")).reason());
        AgentException repeated = assertThrows(AgentException.class,
                () -> ObjectStore.parse("azblob::account_key=" + SECRET + ";account_key=" + SECRET + ";"));
        assertFalse(repeated.getMessage().contains(SECRET), repeated.getMessage());
        AgentException noValue = assertThrows(AgentException.class, () -> ObjectStore.parse("gcs::" + SECRET + ";"));
        assertEquals("bad_object_store", noValue.reason());
    }

    @Test
    void aPartWithoutEqualsIsNamedByItsPositionNeverEchoed() {
        // A secret pasted without its key, or cut off by a stray ';': neither the part nor a piece of it is shown.
        for (String store : List.of("s3::bucket=b;root=r;" + SECRET + ";", "s3::bucket=b;root=r;secret_access_key=abc;" + SECRET + ";",
                "s3::bucket=b;root=r;" + SECRET + "\n;")) {
            AgentException e = assertThrows(AgentException.class, () -> ObjectStore.parse(store));
            assertEquals("bad_object_store", e.reason());
            assertTrue(e.getMessage().startsWith("replication.object_store: part 3 has no '='")
                    || e.getMessage().startsWith("replication.object_store: part 4 has no '='"), e.getMessage());
            assertFalse(e.getMessage().contains("wJalr") || e.getMessage().contains("K7MDENG") || e.getMessage().contains("abc"),
                    e.getMessage());
        }
        AgentException noName = assertThrows(AgentException.class, () -> ObjectStore.parse("fs::root=/x;=" + SECRET + ";"));
        assertTrue(noName.getMessage().startsWith("replication.object_store: part 2 has no name before '='"), noName.getMessage());
        assertFalse(noName.getMessage().contains(SECRET), noName.getMessage());
    }

    @Test
    void doubledSemicolonsStayInsideAValueAsConfSecretsReadsThem() {
        ObjectStore store = ObjectStore.parse("fs::root=/mnt/a;;b;atomic_write_dir=/mnt/tmp;credential=x;;" + SECRET + ";");
        assertEquals("/mnt/a;b", store.part("root").orElseThrow(), "';;' is a ';' inside the value");
        assertEquals("/mnt/tmp", store.part("atomic_write_dir").orElseThrow());
        assertEquals("fs::root=/mnt/a;;b;atomic_write_dir=/mnt/tmp;credential=***;", store.redacted());
    }
}
