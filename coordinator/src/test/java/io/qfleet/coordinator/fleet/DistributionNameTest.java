package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DistributionNameTest {
    @Test
    void questDbsOwnNames() {
        assertEquals(new DistributionName("enterprise", "3.1.1", "amd64"), of("questdb-enterprise-3.1.1-rt-linux-amd64.tar.gz"));
        assertEquals(new DistributionName("enterprise", "3.2.4", "aarch64"), of("questdb-enterprise-3.2.4-rt-linux-aarch64.tar.gz"));
        assertEquals(new DistributionName("open source", "9.2.2", "amd64"), of("questdb-9.2.2-rt-linux-x86-64.tar.gz"));
        assertEquals(new DistributionName("open source", "9.2.2", ""), of("questdb-9.2.2-no-jre-bin.tar.gz"));
    }

    @Test
    void otherNamesSayNothing() {
        assertEquals(new DistributionName("", "", ""), of("target.tar.gz"));
        assertEquals(new DistributionName("", "", ""), of("questdb-9.2.2-rt-windows-x86-64.zip"));
    }

    private static DistributionName of(String name) {
        return DistributionName.of(Path.of("/dist").resolve(name));
    }
}
