package io.qfleet.agent.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a unit's effective ExecStart and turning the Open Source one into Enterprise's. */
class EditionExecStartTest {
    /** QuestDB's documented unit (QUESTDB.md, "systemd"), as {@code systemctl cat} prints it, with an operator's drop-in. */
    private static final String CAT = """
            # /etc/systemd/system/questdb.service
            [Unit]
            Description=QuestDB
            # ExecStart=/not/this -m com.questdb/com.questdb.EntServerMain

            [Service]
            Type=exec
            Restart=always
            ExecStartPre=/usr/bin/mkdir -p ${QDB_ROOT}/db
            ExecStart=/usr/lib/questdb/bin/java -Xmx8g \\
                --add-exports java.base/jdk.internal.math=io.questdb \\
                -m io.questdb/io.questdb.ServerMain -d ${QDB_ROOT}

            # /etc/systemd/system/questdb.service.d/memory.conf
            [Service]
            ExecStart=
            ExecStart=/usr/lib/questdb/bin/java -Xmx16g --add-opens=java.base/java.lang=io.questdb -m io.questdb/io.questdb.ServerMain -d ${QDB_ROOT}
            [Install]
            ExecStart=/ignored/outside/service
            """;

    @Test
    void theLastExecStartAfterAResetWinsAndContinuationsJoin() {
        assertEquals(Optional.of("/usr/lib/questdb/bin/java -Xmx16g --add-opens=java.base/java.lang=io.questdb -m io.questdb/io.questdb.ServerMain"
                + " -d ${QDB_ROOT}"), UnitExecStart.effective(CAT));
        String unitOnly = CAT.substring(0, CAT.indexOf("# /etc/systemd/system/questdb.service.d"));
        assertEquals(Optional.of("/usr/lib/questdb/bin/java -Xmx8g      --add-exports java.base/jdk.internal.math=io.questdb "
                + "     -m io.questdb/io.questdb.ServerMain -d ${QDB_ROOT}"), UnitExecStart.effective(unitOnly));
        assertEquals(Optional.empty(), UnitExecStart.effective("[Service]\nExecStart=/x\nExecStart=\n"), "reset and nothing after");
        assertEquals(Optional.empty(), UnitExecStart.effective("[Unit]\nExecStart=/x\n"));
    }

    @Test
    void enterpriseSwapsTheMainAndOpensToBothModules() {
        String oss = "/usr/bin/java -Xmx16g --add-opens=java.base/java.lang=io.questdb --add-exports java.base/jdk.internal.math=io.questdb"
                + " --add-opens java.base/java.nio=ALL-UNNAMED -m io.questdb/io.questdb.ServerMain -d ${QDB_ROOT}";
        assertTrue(EditionExecStart.namesOssMain(oss));
        assertEquals("/usr/bin/java -Xmx16g --add-opens=java.base/java.lang=io.questdb,com.questdb"
                + " --add-exports java.base/jdk.internal.math=io.questdb,com.questdb --add-opens java.base/java.nio=ALL-UNNAMED"
                + " -m com.questdb/com.questdb.EntServerMain -d ${QDB_ROOT}", EditionExecStart.enterprise(oss));
        assertEquals("java --module=com.questdb/com.questdb.EntServerMain -d /r",
                EditionExecStart.enterprise("java --module=io.questdb/io.questdb.ServerMain -d /r"));
        String both = "java --add-opens java.base/java.lang=io.questdb,com.questdb -m io.questdb/io.questdb.ServerMain";
        assertEquals("java --add-opens java.base/java.lang=io.questdb,com.questdb -m com.questdb/com.questdb.EntServerMain",
                EditionExecStart.enterprise(both), "a module already named is not named twice");
    }

    @Test
    void onlyTheMainAsAWholeWordCounts() {
        assertFalse(EditionExecStart.namesOssMain("java -m com.questdb/com.questdb.EntServerMain -d /r"));
        assertFalse(EditionExecStart.namesOssMain("java -cp x io.questdb.ServerMain -d /r"), "a class path launch is not rewritten");
        assertFalse(EditionExecStart.namesOssMain("java -m io.questdb/io.questdb.ServerMainX -d /r"));
        assertFalse(EditionExecStart.namesOssMain("java -Dname=xio.questdb/io.questdb.ServerMain"));
        assertThrows(IllegalArgumentException.class, () -> EditionExecStart.enterprise("java -m com.questdb/com.questdb.EntServerMain"));
    }
}
