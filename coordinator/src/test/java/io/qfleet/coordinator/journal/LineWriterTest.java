package io.qfleet.coordinator.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The journal's writer against {@link FakeDisk}, which stands for a disk that fails a write or a
 * force, or a JVM Error mid-write (none can be had on demand here), and logs what reached it.
 */
class LineWriterTest {
    private static final long SECONDS = 10;

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForcedLineIsAcknowledgedOnlyAfterAForceThatCoversIt() throws Exception {
        FakeDisk disk = new FakeDisk();
        LineWriter writer = new LineWriter("the test journal", disk);
        writer.hand(line("recorded"), false).get(SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("write recorded"), disk.log());

        writer.hand(line("appended"), true).get(SECONDS, TimeUnit.SECONDS);

        assertEquals(List.of("write recorded", "write appended", "force"), disk.log());
        writer.close();
        assertEquals("recorded\nappended\n", disk.content());
    }

    @Test
    void closeWritesAndForcesWhatWasOnlyRecorded() {
        FakeDisk disk = new FakeDisk();
        LineWriter writer = new LineWriter("the test journal", disk);
        writer.hand(line("a"), false);
        writer.hand(line("b"), false);

        writer.close();

        assertEquals("a\nb\n", disk.content());
        assertEquals("force", disk.log().get(disk.log().size() - 1));
        assertThrows(IllegalStateException.class, () -> writer.hand(line("c"), false), "closed");
    }

    /** A thread interrupted by Ctrl-C handling closes the journal: nothing handed over may be lost. */
    @Test
    void anInterruptedThreadsCloseStillWritesEverything() {
        FakeDisk disk = new FakeDisk();
        disk.holdWrites();
        LineWriter writer = new LineWriter("the test journal", disk);
        writer.hand(line("a"), false);
        writer.hand(line("b"), true);

        Thread.currentThread().interrupt();
        disk.releaseWritesSoon();
        writer.close();

        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals("a\nb\n", disk.content());
        assertEquals("force", disk.log().get(disk.log().size() - 1));
    }

    @Test
    void aFailedWriteFailsItsWaitersAndEveryLaterCallButNotCloseAgain() {
        FakeDisk disk = new FakeDisk();
        disk.failWrites(new IOException("No space left on device"));
        LineWriter writer = new LineWriter("the test journal", disk);

        CompletionException failed = assertThrows(CompletionException.class, () -> writer.hand(line("a"), true).join());

        assertEquals("cannot write the test journal: No space left on device", failed.getCause().getMessage());
        assertTrue(failed.getCause() instanceof UncheckedIOException);
        RuntimeException later = assertThrows(RuntimeException.class, () -> writer.hand(line("b"), false));
        assertTrue(later.getMessage().contains("No space left on device"), later.getMessage());
        writer.close(); // the failure was the callers'; closing does not throw it again
    }

    @Test
    void aFailedFinalForceIsThrownByClose() {
        FakeDisk disk = new FakeDisk();
        LineWriter writer = new LineWriter("the test journal", disk);
        writer.hand(line("a"), false).join();
        disk.failForces(new IOException("Input/output error"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, writer::close);

        assertEquals("cannot write the test journal: Input/output error (before closing it)", e.getMessage());
    }

    /** An Error (say OutOfMemoryError) on the writer thread must not leave callers waiting forever. */
    @Test
    void anErrorOnTheWriterFailsTheCallersInsteadOfHangingThem() throws Exception {
        FakeDisk disk = new FakeDisk();
        disk.failWrites(new OutOfMemoryError("Java heap space"));
        LineWriter writer = new LineWriter("the test journal", disk);

        CompletableFuture<Void> waiting = writer.hand(line("a"), true);

        CompletionException failed = assertThrows(CompletionException.class, () -> waiting.orTimeout(SECONDS, TimeUnit.SECONDS)
                .join());
        assertTrue(failed.getCause() instanceof UncheckedIOException, String.valueOf(failed.getCause()));
        assertThrows(RuntimeException.class, () -> writer.hand(line("b"), true).join());
        writer.close();
    }

    /** Logs every write and force; fails or holds them on demand. */
    private static final class FakeDisk implements LineWriter.Disk {
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();
        private final List<String> log = new ArrayList<>();
        private final CountDownLatch held = new CountDownLatch(1);
        private volatile boolean holding;
        private volatile Throwable writeFailure;
        private volatile Throwable forceFailure;

        void holdWrites() {
            holding = true;
        }

        void releaseWritesSoon() {
            new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                held.countDown();
            }).start();
        }

        void failWrites(Throwable e) {
            writeFailure = e;
        }

        void failForces(Throwable e) {
            forceFailure = e;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (holding) {
                try {
                    assertTrue(held.await(SECONDS, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            fail(writeFailure);
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            synchronized (this) {
                content.writeBytes(copy);
                for (String line : new String(copy, StandardCharsets.UTF_8).split("\n")) {
                    log.add("write " + line);
                }
            }
        }

        @Override
        public void force() throws IOException {
            fail(forceFailure);
            synchronized (this) {
                log.add("force");
            }
        }

        private static void fail(Throwable e) throws IOException {
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof Error error) {
                throw error;
            }
        }

        synchronized List<String> log() {
            return List.copyOf(log);
        }

        synchronized String content() {
            return content.toString(StandardCharsets.UTF_8);
        }
    }
}
