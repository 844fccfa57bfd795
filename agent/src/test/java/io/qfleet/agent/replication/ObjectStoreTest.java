package io.qfleet.agent.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qfleet.agent.AgentException;
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
}
