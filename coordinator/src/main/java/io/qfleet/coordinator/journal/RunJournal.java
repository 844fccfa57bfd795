package io.qfleet.coordinator.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
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
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An append-only JSON-lines file, one {@link JournalEntry} per line: an {@link #append}ed entry is
 * on disk before the call returns, a {@link #record}ed one with the next append: the coordinator
 * journals a step before it starts it, so after a crash the journal knows at least as much as the
 * agents. A torn last line (a crash mid-write) is ignored on read.
 *
 * <p>Lines are written by a {@link LineWriter}, in batches with one fsync each (group commit).
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = "journal.jsonl";
    private static final ObjectMapper JSON = mapper();

    private final Path file;
    private final FileChannel channel;
    private final LineWriter writer;
    /** Every entry handed over, in the file's order (read from the file at open): reports render from it. Guarded by this. */
    private final List<JournalEntry> entries;

    private RunJournal(Path file, FileChannel channel, List<JournalEntry> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
        this.writer = new LineWriter("the run journal " + file, new LineWriter.Disk() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public void force() throws IOException {
                channel.force(false);
            }
        });
    }

    /**
     * Opens (creating if needed) the journal in {@code runDir} for appending, locked against other
     * processes until {@link #close()} (the OS drops the lock when the process dies, kill -9 included).
     * One qfleet drives a run at a time: a second one would append its own copy of every step, and the
     * journal would no longer replay.
     *
     * @throws InUseException when another process holds the journal open
     */
    public static RunJournal open(Path runDir) {
        requireNonNull(runDir, "runDir");
        Path file = runDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(runDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run journal " + file + ": " + IoReason.of(e), e);
        }
        try {
            if (!lock(channel)) {
                throw new InUseException(file + " is in use by another qfleet process (one qfleet drives a run at a time: "
                        + "let it finish or stop it, then resume)");
            }
            dropTornTail(channel);
            // Read through this locked channel: opening the file again in this process and closing it would drop
            // the lock (POSIX record locks belong to the process).
            List<JournalEntry> entries = new ArrayList<>(parse(file, readAll(channel).lines().toList()));
            channel.position(channel.size());
            return new RunJournal(file, channel, entries);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read the run journal " + file + ": " + IoReason.of(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Another qfleet process has the run's journal open: it is driving that run now. */
    public static final class InUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    /** A line before the last that is not a journal entry: the file was edited, or is not a run's journal. */
    public static final class NotAJournalException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotAJournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether this process now holds the file's lock (released when the channel closes). */
    private static boolean lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // held through another channel of this JVM
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to lose: opening failed (that error is reported), or every line is written and forced
        }
    }

    public Path file() {
        return file;
    }

    /** Appends the entry and returns once it is on disk. */
    public void append(JournalEntry entry) {
        try {
            handOver(entry, true).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Appends the entry without waiting for the disk: it is written at once (where {@code qfleet
     * status} reads it) and becomes durable with the next {@link #append} (the file is forced as a
     * whole) or {@link #close()}. For an entry the coordinator acts on only through a later append,
     * such as a step's result, which is acted on by starting the next step, itself journaled first; a
     * crash in between loses nothing, since resume re-attaches to the agent's operation by id and
     * reads the result there.
     */
    public void record(JournalEntry entry) {
        handOver(entry, false);
    }

    /** Queues the entry's line for the writer; the future completes once it is written, and forced if {@code force}. */
    private CompletableFuture<Void> handOver(JournalEntry entry, boolean force) {
        byte[] line;
        try {
            String json = StepLines.json(JSON.getFactory(), entry);
            line = ((json != null ? json : JSON.writeValueAsString(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // the type only: an entry's message is an agent's, and is not repeated in a stack trace
            throw new IllegalArgumentException("cannot write a " + entry.getClass().getSimpleName() + " entry as JSON", e);
        }
        synchronized (this) { // the same order in the file and in entries
            CompletableFuture<Void> written = writer.hand(line, force);
            entries.add(entry);
            return written;
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

    /** Every entry of this journal, those handed over by this process included. */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
            // read until full
        }
        return new String(content.array(), 0, content.position(), StandardCharsets.UTF_8);
    }

    /** Every complete entry of a journal file, in order (for readers that do not hold it open). */
    public static List<JournalEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run journal " + file, e);
        }
        return parse(file, lines);
    }

    private static List<JournalEntry> parse(Path file, List<String> lines) {
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
                // Jackson's words for a line that is not JSON; for a JSON line that is no entry its text names our classes.
                String why = e instanceof StreamReadException ? e.getOriginalMessage() : "its type or fields are not those of an entry";
                throw new NotAJournalException(file + ":" + (i + 1) + ": not a journal entry: " + why, e);
            }
        }
        return entries;
    }

    /**
     * Writes what is left, forces it and closes the file (dropping the lock), also from an interrupted
     * thread.
     *
     * @throws UncheckedIOException when the last entries could not be written or forced
     */
    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            closeQuietly(channel);
        }
    }

    static ObjectMapper mapper() { // package-private: StepLinesTest compares StepLines with it
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
