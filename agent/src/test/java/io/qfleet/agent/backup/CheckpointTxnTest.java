package io.qfleet.agent.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The _txn layout reading; BackupRestoreIT proves it against real 8.1.4 and 9.2.2 checkpoints. */
class CheckpointTxnTest {
    @TempDir
    Path tmp;

    private Path txn(long version, int baseA, int baseB, int base, long transientRows, long fixedRows) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, version).putInt(8, baseA).putInt(32, baseB);
        b.putLong(base + 8, transientRows).putLong(base + 16, fixedRows);
        return Files.write(tmp.resolve("_txn" + version), b.array());
    }

    @Test
    void readsTheRecordTheVersionPointsAt() throws Exception {
        assertEquals(OptionalLong.of(1300), CheckpointTxn.rowCount(txn(2, 128, 300, 128, 300, 1000)));
        assertEquals(OptionalLong.of(77), CheckpointTxn.rowCount(txn(3, 128, 300, 300, 7, 70)));
    }

    @Test
    void anythingElseIsUnknown() throws Exception {
        assertEquals(OptionalLong.empty(), CheckpointTxn.rowCount(tmp.resolve("missing")));
        assertEquals(OptionalLong.empty(), CheckpointTxn.rowCount(Files.write(tmp.resolve("short"), new byte[10])));
        assertEquals(OptionalLong.empty(), CheckpointTxn.rowCount(txn(2, 9999, 0, 128, 1, 1)));
        assertEquals(OptionalLong.empty(), CheckpointTxn.rowCount(txn(2, 128, 0, 128, -1, 1)));
    }
}
