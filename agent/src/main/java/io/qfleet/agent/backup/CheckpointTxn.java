package io.qfleet.agent.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Reads a table's row count from the {@code _txn} file that CHECKPOINT CREATE copied into
 * {@code .checkpoint/db/<table dir>/}: the exact count QuestDB's {@code _restore} recovery rolls
 * that table back to, which no SQL query can see while clients keep writing.
 *
 * <p>Layout (QuestDB {@code TableUtils}, identical in 8.1.4 and 9.2.2; little-endian): a long
 * version at 0; the record's base offset as an int at 8 (even version) or 32 (odd version, the "B"
 * area); in the record, the transient row count at +8 and the fixed row count at +16. The row count
 * is their sum. Anything that does not fit this layout is reported as unknown, never guessed.
 */
final class CheckpointTxn {
    private static final int OFFSET_A = 8;
    private static final int OFFSET_B = 32;
    private static final int TRANSIENT_ROW_COUNT = 8;
    private static final int FIXED_ROW_COUNT = 16;
    private static final int HEADER_MIN = 64;

    private CheckpointTxn() {
    }

    /** The row count in {@code txnFile}, or empty when it is missing or does not look like a _txn file. */
    static OptionalLong rowCount(Path txnFile) {
        try (FileChannel channel = FileChannel.open(txnFile, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_MIN) {
                return OptionalLong.empty();
            }
            ByteBuffer header = read(channel, 0, HEADER_MIN);
            long version = header.getLong(0);
            int base = header.getInt((version & 1) == 0 ? OFFSET_A : OFFSET_B);
            if (base < HEADER_MIN || base + FIXED_ROW_COUNT + 8 > size) {
                return OptionalLong.empty();
            }
            ByteBuffer record = read(channel, base, FIXED_ROW_COUNT + 8);
            long transientRows = record.getLong(TRANSIENT_ROW_COUNT);
            long fixedRows = record.getLong(FIXED_ROW_COUNT);
            if (transientRows < 0 || fixedRows < 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(transientRows + fixedRows);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("short read");
            }
        }
        return buffer.flip();
    }
}
