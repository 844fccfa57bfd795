package io.qfleet.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.fleet.HostEntry;
import io.qfleet.coordinator.fleet.Role;
import io.qfleet.coordinator.fleet.Rollout.WaveSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavePlanTest {

    @ParameterizedTest(name = "{0} hosts, waves {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "20; 1,10%,50%,100%; 1,1,8,10",
        "10; 1,10%,50%,100%; 1,1,3,5",   // 10% of 10 = 1 host, already done: the wave still takes one more
        "3;  1,10%,50%,100%; 1,1,1",      // 50% of 3 rounds up to 2, done after three waves
        "1;  1,10%,50%,100%; 1",
        "5;  1,100%;         1,4",
        "7;  2,4;            2,2,3",      // hosts past the last size form a final wave
        "4;  100%;           4",
        "4;  1,1,1;          1,1,1,1",    // a count below the hosts done still advances by one
    })
    void waveSizesAreCumulativeTargets(int hosts, String sizes, String expected) {
        List<HostEntry> fleet = IntStream.rangeClosed(1, hosts).mapToObj(i -> host("db-" + i, Role.STANDALONE, "")).toList();
        assertEquals(expected, sizes(WavePlan.plan(fleet, parse(sizes))));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = ';', value = {
        // primary first in the file: replicas still go before it
        "p:a, r1:a, r2:a;         1,100%; r1 | r2 | p",
        "p:a, r1:a, r2:a;         100%;   r1 r2 | p",
        // p may share a wave with hosts of other clusters; q waits for its replica r3
        "p:a, r1:a, s1, q:b, r3:b; 1,100%; r1 | s1 r3 p | q",
        "s1, s2;                  100%;   s1 s2",
    })
    void replicasGoBeforeTheirPrimaryAndNeverInItsWave(String hosts, String sizes, String expected) {
        assertEquals(expected, planned(hosts, sizes, Set.of()));
    }

    /** Replication set up in this run: the primary first, its replicas seeded from it in later waves. */
    @ParameterizedTest(name = "{0}, primary first for [{2}] -> {3}")
    @CsvSource(delimiter = ';', value = {
        "r1:a, r2:a, p:a;          100%;   a; p | r1 r2",
        "r1:a, r2:a, p:a;          1,100%; a; p | r1 r2",
        // b already replicates: its replica r3 still goes before q
        "r1:a, s1, p:a, q:b, r3:b; 100%;   a; p s1 r3 | r1 q",
        "s1, r1:a, p:a;            1,1,1;  a; p | s1 | r1",
    })
    void aClusterSettingUpReplicationGoesPrimaryFirst(String hosts, String sizes, String primaryFirst, String expected) {
        assertEquals(expected, planned(hosts, sizes, Set.of(primaryFirst.split(" "))));
    }

    private static String planned(String hosts, String sizes, Set<String> primaryFirst) {
        List<HostEntry> fleet = new ArrayList<>();
        for (String spec : hosts.split(",\\s*")) {
            String[] parts = spec.split(":");
            String name = parts[0].trim();
            Role role = parts.length == 1 ? Role.STANDALONE : name.startsWith("p") || name.startsWith("q") ? Role.PRIMARY : Role.REPLICA;
            fleet.add(host(name, role, parts.length == 1 ? "" : parts[1]));
        }
        return WavePlan.plan(fleet, parse(sizes), primaryFirst).stream()
                .map(w -> w.stream().map(HostEntry::name).collect(Collectors.joining(" ")))
                .collect(Collectors.joining(" | "));
    }

    private static List<WaveSize> parse(String sizes) {
        return Arrays.stream(sizes.split(",")).map(String::trim)
                .map(s -> s.endsWith("%") ? WaveSize.percent(Integer.parseInt(s.substring(0, s.length() - 1)))
                        : WaveSize.count(Integer.parseInt(s)))
                .toList();
    }

    private static String sizes(List<List<HostEntry>> waves) {
        return waves.stream().map(w -> Integer.toString(w.size())).collect(Collectors.joining(","));
    }

    private static HostEntry host(String name, Role role, String cluster) {
        return new HostEntry(name, "127.0.0.1", 7001, role, cluster);
    }
}
