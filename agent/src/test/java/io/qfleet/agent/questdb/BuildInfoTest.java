package io.qfleet.agent.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void oss922() {
        String raw = "Build Information: QuestDB 9.2.2, JDK 17.0.9, Commit Hash 737d867282925a9addacabb07bb3ec7d764c5257";
        assertEquals(new BuildInfo(raw, "9.2.2", Edition.OPEN_SOURCE), BuildInfo.parse(raw));
    }

    @Test
    void oss814AsObserved() {
        String raw = "Build Information: QuestDB 8.1.4, JDK 11.0.21, Commit Hash c4384a9892466f8bce7bb5dff4cd12ec015d7986";
        assertEquals(new BuildInfo(raw, "8.1.4", Edition.OPEN_SOURCE), BuildInfo.parse(raw));
    }

    @Test
    void enterprise() {
        String raw = "Build Information: QuestDB Enterprise 3.1.1, JDK 17.0.9, Commit Hash abc";
        assertEquals(new BuildInfo(raw, "3.1.1", Edition.ENTERPRISE), BuildInfo.parse(raw));
        assertEquals(Edition.ENTERPRISE, BuildInfo.parse("Build Information: QuestDB ENTERPRISE PRO 3.2.4, JDK 17").edition());
    }

    @Test
    void unknownQualifierOrNoMatch() {
        BuildInfo other = BuildInfo.parse("Build Information: QuestDB Nightly 9.9.9, JDK 17");
        assertEquals(Edition.UNKNOWN, other.edition());
        assertEquals("9.9.9", other.version());
        assertEquals(new BuildInfo("PostgreSQL 12.3", "", Edition.UNKNOWN), BuildInfo.parse("PostgreSQL 12.3"));
    }
}
