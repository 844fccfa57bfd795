package io.qfleet.coordinator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qfleet.proto.agent.v1.HostFacts;
import io.qfleet.proto.agent.v1.ServerConfFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The facts preflight guards data with reach it from the wire as the agent said them, and as unknown
 * when an older agent does not say them: a fact dropped here would pass its check for every host.
 */
class FactsMappingTest {
    @Test
    void rootsRestoreTriggerAndBackupRoomAreMapped() {
        AgentFacts facts = ClientProtoMapper.facts(HostFacts.newBuilder().setQuestdbRoot("/var/lib/questdb")
                .putRoots("db", "/data/db").putRoots("sql_copy_input", "/var/lib/questdb/import")
                .setRestoreTrigger("/var/lib/questdb/_restore").setBackupDirFreeBytes(123_456L).build());

        assertEquals("/var/lib/questdb", facts.questdbRoot());
        assertEquals(Map.of("db", "/data/db", "sql_copy_input", "/var/lib/questdb/import"), facts.roots());
        assertEquals("/var/lib/questdb/_restore", facts.restoreTrigger());
        assertEquals(123_456L, facts.backupDirFreeBytes());
    }

    @Test
    void serverConfStrictnessAndTheKeysTheInstalledJarKnowsAreMapped() {
        AgentFacts facts = ClientProtoMapper.facts(HostFacts.newBuilder().setServerConf(ServerConfFile.newBuilder().setExists(true)
                .setSha256("ab").setStrictValidation(true).setInstalledKeysRead(true).addKeysInstalledKnows("cairo.root")
                .addKeysInstalledKnows("shared.worker.affinity")).build());

        assertEquals(new AgentFacts.ConfFile(true, "ab", true, List.of("cairo.root", "shared.worker.affinity")), facts.serverConf());
        AgentFacts older = ClientProtoMapper.facts(HostFacts.newBuilder().setServerConf(ServerConfFile.newBuilder().setExists(true)
                .setSha256("ab")).build());
        assertNull(older.serverConf().keysInstalledKnows(), "an agent that did not read the jar's keys: unknown, not 'none'");
        AgentFacts none = ClientProtoMapper.facts(HostFacts.newBuilder().setServerConf(ServerConfFile.newBuilder().setExists(true)
                .setSha256("ab").setStrictValidation(true).setInstalledKeysRead(true)).build());
        assertEquals(List.of(), none.serverConf().keysInstalledKnows(), "read, and the file sets no key the jar knows");
    }

    @Test
    void anAgentOlderThanTheOptionalFactsSaysNeither() {
        AgentFacts facts = ClientProtoMapper.facts(HostFacts.newBuilder().setQuestdbRoot("/q").build());

        assertNull(facts.restoreTrigger(), "not checked, rather than 'no _restore found'");
        assertNull(facts.backupDirFreeBytes(), "left to the backup step's own check");
        assertEquals("", ClientProtoMapper.facts(HostFacts.newBuilder().setRestoreTrigger("").build()).restoreTrigger(),
                "an agent that looked and found none");
    }
}
