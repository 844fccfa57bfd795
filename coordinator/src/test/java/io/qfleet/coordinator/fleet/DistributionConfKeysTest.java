package io.qfleet.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tar entry is the distribution's questdb.jar, as the agent's staging lays it out (PlanServerConfIT reads a real one). */
class DistributionConfKeysTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "questdb.jar, true",
        "questdb-9.2.2-no-jre-bin/questdb.jar, true",
        "./questdb-9.2.2-no-jre-bin/questdb.jar, true",
        "./questdb.jar, true",
        "questdb-9.2.2-no-jre-bin/lib/questdb.jar, false",
        "questdb-9.2.2-no-jre-bin/questdb.jar.sha256, false",
        "/questdb.jar, false",
        "other.jar, false",
    })
    void theJarAtTheTopOrOneDirectoryDown(String name, boolean jar) {
        assertEquals(jar, DistributionConfKeys.isTopJar(name));
    }
}
