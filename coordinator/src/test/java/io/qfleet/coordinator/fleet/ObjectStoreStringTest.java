package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the fleet file's store string may show of itself: never a part that is not key=value. */
class ObjectStoreStringTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG";

    @Test
    void aPartWithoutEqualsIsMaskedWholeAndNamedByPosition() {
        assertEquals("s3::bucket=b;***;root=r;", ObjectStoreString.masked("s3::bucket=b;" + SECRET + ";root=r;"));
        assertEquals("s3::bucket=b;secret_access_key=***;***;", ObjectStoreString.masked("s3::bucket=b;secret_access_key=wJalr;"
                + SECRET.substring(5) + ";"), "the rest of a secret cut off by a stray ';' is hidden too");
        for (String store : List.of("s3::bucket=b;root=r;region=x;" + SECRET + ";", "gcs::bucket=b;root=r;credential=wJalr;" + SECRET.substring(5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectStoreString.parse(store));
            assertTrue(e.getMessage().contains("': part 4 has no '=' (expected "), e.getMessage());
            assertFalse(e.getMessage().contains("XUtnFEMI") || e.getMessage().contains("wJalr"), e.getMessage());
        }
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> ObjectStoreString.parse("fs::root=/x;atomic_write_dir=/y;=" + SECRET + ";"));
        assertTrue(noName.getMessage().contains("part 3 has no name before '='"), noName.getMessage());
        assertFalse(noName.getMessage().contains(SECRET), noName.getMessage());
    }

    @Test
    void doubledSemicolonsStayInsideAValueAsTheAgentReadsThem() {
        ObjectStoreString store = ObjectStoreString.parse("s3::bucket=b;root=r;region=x;access_key_id=id;secret_access_key=a;;"
                + SECRET + ";");
        assertEquals("a;;" + SECRET, store.part("secret_access_key").orElseThrow(), "one part, written back as QuestDB reads it");
        assertEquals("s3::bucket=b;root=r;region=x;access_key_id=id;secret_access_key=a;;" + SECRET + ";", store.value());
        assertEquals("s3::bucket=b;root=r;region=x;access_key_id=***;secret_access_key=***;", store.masked());
    }
}
