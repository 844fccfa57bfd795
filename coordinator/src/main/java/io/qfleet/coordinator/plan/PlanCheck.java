package io.qfleet.coordinator.plan;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares a saved plan with one made now; says what changed, in one line, or null if nothing. */
public final class PlanCheck {
    private PlanCheck() {}

    public static String changes(Plan saved, Plan now) {
        if (!saved.fleetSha256().equals(now.fleetSha256())) {
            return "the fleet file changed since the plan was made";
        }
        if (saved.planHash().equals(now.planHash())) {
            return null;
        }
        Map<String, Plan.HostPlan> before = saved.hosts().stream().collect(Collectors.toMap(Plan.HostPlan::name, Function.identity()));
        for (Plan.HostPlan host : now.hosts()) {
            Plan.HostPlan earlier = before.get(host.name());
            if (earlier == null) {
                return "host " + host.name() + " was not in the plan";
            }
            if (!earlier.fingerprint().equals(host.fingerprint())) {
                return "host " + host.name() + " changed since the plan: " + earlier.fingerprint() + " -> " + host.fingerprint();
            }
        }
        return "the plan's hash does not match (was the file edited?)";
    }
}
