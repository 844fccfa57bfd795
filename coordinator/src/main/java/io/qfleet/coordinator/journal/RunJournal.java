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
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON-lines file, one {@link JournalEntry} per line, forced to disk after every
 * {@link #append} (and a {@link #record}ed entry with the next one): the coordinator journals a
 * step before it starts it, so after a crash the journal knows at least as much as the agents. A torn last line (a crash mid-write) is ignored on read.
 */
public final class RunJournal implements AutoCloseable {
    public static final String FILE_NAME = "journal.jsonl";
    private static final ObjectMapper JSON = mapper();

    private final Path file;
    private final FileChannel channel;
    private long written; // lines written, guarded by this
    private long forced; // lines known on disk, guarded by this
    private boolean forcing; // one thread forces at a time, guarded by this
    /**
     * Every entry of the file in order, once known: from the start for a new journal, else after the
     * first {@link #entries()} parsed it; then kept up with each write. Null until known. Guarded by this.
     */
    private List<JournalEntry> mirror;

    private RunJournal(Path file, FileChannel channel, boolean empty) {
        this.file = file;
        this.channel = channel;
        this.mirror = empty ? new ArrayList<>() : null;
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
            throw new UncheckedIOException("cannot open the run journal in " + runDir, e);
        }
        try {
            if (!lock(channel)) {
                throw new InUseException(file + " is in use by another qfleet process (one qfleet drives a run at a time: "
                        + "let it finish or stop it, then resume)");
            }
            dropTornTail(channel);
            channel.position(channel.size());
            return new RunJournal(file, channel, channel.size() == 0);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open the run journal in " + runDir, e);
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
            // opening failed already; that is the error to report
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Appends the entry and returns once it is on disk. Hosts in flight append at once, so one fsync
     * covers every line written before it (group commit): each caller still waits for its own line
     * to be durable before it acts, but a thousand hosts do not queue behind a thousand fsyncs.
     */
    public void append(JournalEntry entry) {
        try {
            awaitDurable(write(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal " + file, e);
        }
    }

    /**
     * Appends the entry without waiting for the disk: it becomes durable with the next
     * {@link #append} (the file is forced as a whole) or {@link #close()}. For an entry the
     * coordinator acts on only through a later append, such as a step's result, which is acted on
     * by starting the next step, itself journaled first; a crash in between loses nothing, since
     * resume re-attaches to the agent's operation by id and reads the result there.
     */
    public void record(JournalEntry entry) {
        try {
            write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal " + file, e);
        }
    }

    private long write(JournalEntry entry) throws IOException {
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (mirror != null) {
                mirror.add(entry);
            }
            return ++written;
        }
    }

    private void awaitDurable(long line) throws IOException {
        while (true) {
            long target;
            synchronized (this) {
                while (forcing && forced < line) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while the journal was being forced to disk", e);
                    }
                }
                if (forced >= line) {
                    return;
                }
                forcing = true;
                target = written;
            }
            boolean done = false;
            try {
                channel.force(false);
                done = true;
            } finally {
                synchronized (this) {
                    forcing = false;
                    if (done) {
                        forced = Math.max(forced, target);
                    }
                    notifyAll();
                }
            }
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

    /**
     * Every entry of this journal. Parsed once, through its own locked channel (opening the file again
     * in this process and closing it would drop the lock: POSIX record locks belong to the process),
     * then kept in memory with each write: a report at the end of a thousand-host run would otherwise
     * parse again the tens of thousands of lines just written.
     */
    public synchronized List<JournalEntry> entries() {
        if (mirror == null) {
            try {
                ByteBuffer content = ByteBuffer.allocate(Math.toIntExact(channel.size()));
                while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
                    // read until full
                }
                mirror = new ArrayList<>(parse(file, new String(content.array(), 0, content.position(), StandardCharsets.UTF_8)
                        .lines().toList()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run journal " + file, e);
            }
        }
        return List.copyOf(mirror);
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
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a journal entry: " + e.getOriginalMessage(), e);
            }
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        try {
            if (forced < written && channel.isOpen()) {
                channel.force(false); // entries only recorded, not yet appended durably
            }
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
