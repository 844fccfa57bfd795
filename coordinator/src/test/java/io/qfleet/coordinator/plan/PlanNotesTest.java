package io.qfleet.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qfleet.coordinator.client.AgentFacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the plan says once for the fleet: the clients' side of a move to Enterprise. */
class PlanNotesTest {
    private static AgentFacts host(String edition) {
        return new AgentFacts("h", "amd64", true, 7, "9.2.2", edition, "9.2.2", "no-jre", 1L << 40, 1L << 20, true, List.of(),
                List.of(), List.of());
    }

    @Test
    void openSourceHostsMovingToEnterpriseAreToldOnceAboutAccessControl() {
        List<String> notes = Planner.notes(true, List.of(host("open source"), host("open source"), host("enterprise")));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).startsWith("2 host(s) move from Open Source to Enterprise, where access control is on"), notes.get(0));
        assertTrue(notes.get(0).contains("JWK token") && notes.get(0).contains("pg.user"), notes.get(0));

        assertEquals(List.of(), Planner.notes(false, List.of(host("open source"))), "an Open Source upgrade changes no login");
        assertEquals(List.of(), Planner.notes(true, List.of(host("enterprise"))), "Enterprise already: access control was on");
    }

    @Test
    void theTextShowsEachNoteOnceAfterTheHosts() {
        Plan plan = new Plan("a".repeat(64), "/fleet.yaml", "f".repeat(64), "3.1.1", false, List.of(), List.of(),
                List.of("1 host(s) move from Open Source to Enterprise"));
        StringWriter out = new StringWriter();
        PlanText.print(plan, new PrintWriter(out, true));
        assertTrue(out.toString().endsWith("\nnote: 1 host(s) move from Open Source to Enterprise\n\nready: qfleet run -f /fleet.yaml "
                + "--plan <this plan.json>\n"), out.toString());
    }
}
