package io.qfleet.coordinator.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON-lines file, one {@link JournalEntry} per line, forced to disk after every
 * append: the coordinator journals a step before it starts it, so after a crash the journal
 * knows at least as much as the agents. A torn last line (a crash mid-write) is ignored on read.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = "journal.jsonl";
    private static final ObjectMapper JSON = mapper();

    private final Path file;
    private final FileChannel channel;

    private RunJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if needed) the journal in {@code runDir} for appending. */
    public static RunJournal open(Path runDir) {
        requireNonNull(runDir, "runDir");
        try {
            Files.createDirectories(runDir);
            Path file = runDir.resolve(FILE_NAME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            dropTornTail(channel);
            channel.position(channel.size());
            return new RunJournal(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run journal in " + runDir, e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void append(JournalEntry entry) {
        try {
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal " + file, e);
        }
    }

    /** A crash mid-append leaves a line without its newline: cut it, or the next entry would be glued to it. */
    private static void dropTornTail(FileChannel channel) throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            channel.truncate(end);
            channel.force(false);
        }
    }

    /** Every complete entry of a journal file, in order. */
    public static List<JournalEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run journal " + file, e);
        }
        List<JournalEntry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(JSON.readValue(line, JournalEntry.class));
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break; // torn by a crash mid-append: the step it announced never started
                }
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a journal entry: " + e.getOriginalMessage(), e);
            }
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule instants = new SimpleModule("instants")
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addDeserializer(Instant.class, new FromStringDeserializer<>(Instant.class) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected Instant _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext context) {
                        return Instant.parse(value);
                    }
                });
        return JsonMapper.builder()
                .addModule(instants)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
