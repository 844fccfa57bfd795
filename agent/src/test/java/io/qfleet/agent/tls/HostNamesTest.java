package io.qfleet.agent.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNamesTest {
    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "db1.example.com,   db1.example.com,    true",
            "DB1.Example.com,   db1.EXAMPLE.com,    true",
            "db1.example.com.,  db1.example.com,    true",
            "db1.example.com,   db1.example.com.,   true",
            "db1.example.com,   db2.example.com,    false",
            "db1.example.com,   db1.example.com.evil, false",
            "*.example.com,     db1.example.com,    true",
            "*.example.com,     DB1.EXAMPLE.COM,    true",
            "*.example.com,     example.com,        false",  // one label exactly, never zero
            "*.example.com,     a.b.example.com,    false",  // ... and never two
            "*.example.com,     .example.com,       false",  // the label is not empty
            "*.com,             example.com,        false",  // no wildcard over a top-level domain
            "*,                 localhost,          false",
            "f*.example.com,    foo.example.com,    false",  // partial wildcards: browsers refuse them
            "*oo.example.com,   foo.example.com,    false",
            "db1.*.com,         db1.example.com,    false",  // only the left-most label
            "*.*.example.com,   a.b.example.com,    false",
            "*.0.0.1,           127.0.0.1,          false",  // wildcards never cover an address
            "127.0.0.1,         127.0.0.1,          false",  // nor does a DNS name spelling one
            "'',                db1.example.com,    false",
    })
    void dnsNamesFollowRfc6125(String pattern, String host, boolean covered) {
        assertEquals(covered, HostNames.dnsMatches(pattern, host));
    }

    @Test
    void recognisesAddressLiteralsWithoutLookingAnythingUp() throws UnknownHostException {
        assertEquals(InetAddress.getByName("10.0.0.5"), HostNames.ipLiteral("10.0.0.5").orElseThrow());
        assertEquals(InetAddress.getByName("::1"), HostNames.ipLiteral("[::1]").orElseThrow());
        assertEquals(InetAddress.getByName("::1"), HostNames.ipLiteral("0:0:0:0:0:0:0:1").orElseThrow());
        assertTrue(HostNames.ipLiteral("db1.example.com").isEmpty());
        assertTrue(HostNames.ipLiteral("256.1.1.1").isEmpty());
        assertTrue(HostNames.ipLiteral("10.0.0").isEmpty());
        assertTrue(HostNames.ipLiteral("localhost").isEmpty());
    }

    @Test
    void ipEntriesCompareAsAddressesNotText() throws UnknownHostException {
        InetAddress loopback6 = InetAddress.getByName("::1");
        assertTrue(HostNames.ipMatches("0:0:0:0:0:0:0:1", loopback6));
        assertTrue(HostNames.ipMatches("::1", loopback6));
        assertFalse(HostNames.ipMatches("127.0.0.1", loopback6));
        assertFalse(HostNames.ipMatches("localhost", InetAddress.getByName("127.0.0.1")));
    }
}
