package io.qfleet.coordinator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.fleet.HostEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One client per host, handed out shared; shutdown() starts ending them all, close() ends and waits. */
class AgentClientPoolTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void sharedClientsIgnoreCloseShutdownEndsThemAllAndCloseWaits() {
        HostEntry db1 = new HostEntry("db-1", "127.0.0.1", 7001);
        HostEntry db2 = new HostEntry("db-2", "127.0.0.1", 7002);
        AgentClientPool pool = new AgentClientPool(host -> new Recording(host.name()));

        AgentClient first = pool.apply(db1);
        first.close();
        pool.apply(db2);
        pool.apply(db1);
        assertEquals(List.of("db-1.created", "db-2.created"), events, "a host's client is made once; close() on it is ignored");

        pool.shutdown();
        assertEquals(List.of("db-1.shutdown", "db-2.shutdown"), events.subList(2, events.size()).stream().sorted().toList());

        pool.close();
        assertEquals(List.of("db-1.close", "db-2.close"), events.stream().filter(e -> e.endsWith(".close")).sorted().toList());
    }

    /** Records what the pool does to it. */
    private final class Recording extends FakeAgentClient {
        Recording(String host) {
            super(host);
            events.add(host + ".created");
        }

        @Override
        public OperationOutcome run(String operationId, StepRequest request, ProgressSink sink, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
            events.add(host + ".shutdown");
        }

        @Override
        public void close() {
            events.add(host + ".close");
        }
    }
}
