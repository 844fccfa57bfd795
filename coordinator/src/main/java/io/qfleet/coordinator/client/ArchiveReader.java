package io.qfleet.coordinator.client;

import io.grpc.StatusRuntimeException;
import io.qfleet.coordinator.fleet.AgentAccess;
import io.qfleet.proto.agent.v1.ArchiveChunk;
import java.io.InputStream;
import java.util.Iterator;

/**
 * An archive in another agent's backup_dir as an {@link InputStream}, fed by ReadArchive's chunks
 * (the blocking stub asks for the next chunk only as this stream is read: gRPC flow control end to end).
 */
final class ArchiveReader extends InputStream {
    private final String address;
    private final AgentAccess access;
    private final Iterator<ArchiveChunk> chunks;
    private byte[] current = new byte[0];
    private int position;

    ArchiveReader(String address, AgentAccess access, Iterator<ArchiveChunk> chunks) {
        this.address = address;
        this.access = access;
        this.chunks = chunks;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        try {
            while (position == current.length) {
                if (!chunks.hasNext()) {
                    return -1;
                }
                current = chunks.next().getData().toByteArray();
                position = 0;
            }
        } catch (StatusRuntimeException e) {
            throw AgentErrors.from(address, access, "ReadArchive", e);
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
