package io.qfleet.agent.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.agent.AgentException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationRegistryTest {
    private static final OperationSpec STOP = new OperationSpec.Stop(5);

    @TempDir
    Path dir;

    private OperationRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void sameIdAndSpecReturnsTheExistingOperation() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        OperationRegistry.Started first = registry.start("op-1", STOP, spec -> ctx -> new OperationResult.Stopped(false, null, 0));
        awaitTerminal("op-1");
        OperationRegistry.Started again = registry.start("op-1", STOP, spec -> {
            throw new AssertionError("a repeated start must not create work");
        });
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(OperationState.SUCCEEDED, again.operation().state());
    }

    @Test
    void sameIdWithAnotherSpecIsRefused() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        registry.start("op-1", STOP, spec -> ctx -> new OperationResult.Stopped(false, null, 0));
        AgentException e = assertThrows(AgentException.class,
                () -> registry.start("op-1", new OperationSpec.Stop(99), spec -> ctx -> null));
        assertEquals(AgentException.Kind.ALREADY_EXISTS, e.kind());
    }

    @Test
    void secondOperationWhileOneRunsIsAborted() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        registry.start("slow", STOP, spec -> ctx -> {
            release.await();
            return new OperationResult.Stopped(true, 143, 1);
        });
        AgentException e = assertThrows(AgentException.class,
                () -> registry.start("other", new OperationSpec.Start(), spec -> ctx -> null));
        assertEquals(AgentException.Kind.ABORTED, e.kind());
        assertEquals("host_busy", e.reason());
        release.countDown();
        awaitTerminal("slow");
        assertTrue(registry.start("other", new OperationSpec.Start(), spec -> ctx -> new OperationResult.Started(1, true)).created());
    }

    @Test
    void failuresKeepTheReasonAndMessage() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        registry.start("op", STOP, spec -> ctx -> {
            throw AgentException.failedPrecondition("stop_timeout", "did not stop");
        });
        OperationSnapshot ended = awaitTerminal("op");
        assertEquals(OperationState.FAILED, ended.state());
        assertEquals("stop_timeout", ended.failure().reason());
        assertEquals("did not stop", ended.failure().message());
    }

    @Test
    void watchReplaysFromASequenceAndFollowsToTheEnd() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        registry.start("op", STOP, spec -> ctx -> {
            ctx.info("one");
            release.await();
            ctx.info("two");
            return new OperationResult.Stopped(true, 143, 1);
        });
        BlockingQueue<OperationEvent> events = new LinkedBlockingQueue<>();
        while (registry.require("op").lastSequence() < 2) {
            Thread.sleep(10);
        }
        registry.watch("op", 2, events::add);
        release.countDown();
        List<String> messages = List.of(take(events).message(), take(events).message(), take(events).message());
        assertEquals(List.of("one", "two", "stop succeeded"), messages);
        // replay after the end: all events, numbered without gaps
        BlockingQueue<OperationEvent> replay = new LinkedBlockingQueue<>();
        assertTrue(registry.watch("op", 1, replay::add).isEmpty());
        List<Long> sequences = replay.stream().map(OperationEvent::sequence).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences);
    }

    @Test
    void restartedAgentReportsInterruptedWorkAsFailed() throws Exception {
        OperationStore store = new OperationStore(dir);
        OperationSnapshot running = OperationSnapshot.created("op", STOP, Clock.systemUTC().instant());
        store.save(running.with(new OperationEvent(1, Clock.systemUTC().instant(), OperationState.RUNNING, "stop started", 0, 0, ""),
                null, null));
        registry = OperationRegistry.open(store, Clock.systemUTC());
        OperationSnapshot after = registry.require("op");
        assertEquals(OperationState.FAILED, after.state());
        assertEquals("agent_restarted", after.failure().reason());
        // and it is persisted: a second restart reads the same
        registry.close();
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        assertEquals(OperationState.FAILED, registry.require("op").state());
        assertEquals(2, registry.require("op").lastSequence());
    }

    @Test
    void badOperationIdsAreRefused() throws Exception {
        registry = OperationRegistry.open(new OperationStore(dir), Clock.systemUTC());
        for (String id : new String[] {"", "../x", "a/b", "x".repeat(101)}) {
            AgentException e = assertThrows(AgentException.class, () -> registry.start(id, STOP, spec -> ctx -> null));
            assertEquals("bad_operation_id", e.reason());
        }
    }

    private OperationSnapshot awaitTerminal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            OperationSnapshot snapshot = registry.require(id);
            if (snapshot.state().terminal()) {
                return snapshot;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("operation " + id + " did not end");
    }

    private static OperationEvent take(BlockingQueue<OperationEvent> events) throws InterruptedException {
        OperationEvent event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 10 s");
        }
        return event;
    }
}
