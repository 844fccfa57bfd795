package io.qfleet.coordinator.plan;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares a saved plan with one made now; says what changed, in one line, or null if nothing. */
public final class PlanCheck {
    /** The last part of a host's fingerprint: {@code server.conf=} and the file's SHA-256, {@code none} or {@code unknown}. */
    static final String SERVER_CONF = "server.conf=";
    /** The part of a host's fingerprint before it: {@code agent=} and the agent's build. */
    static final String AGENT = "agent=";

    /** What {@link #changes} says of a plan of another fleet file (or of this one before an edit). */
    public static final String FLEET_FILE_CHANGED = "the fleet file changed since the plan was made";

    private PlanCheck() {}

    public static String changes(Plan saved, Plan now) {
        if (!saved.fleetSha256().equals(now.fleetSha256())) {
            return FLEET_FILE_CHANGED;
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
            if (earlier.reachable() && host.reachable() && !agentMark(earlier).equals(agentMark(host))) {
                return agentMark(earlier).equals("unknown")
                        ? "host " + host.name() + ": the plan does not record its agent's build (an older qfleet made it)"
                        : "host " + host.name() + ": its agent changed since the plan (" + agentMark(earlier) + " -> " + agentMark(host)
                        + "), and the plan's checks and server.conf diff came from the other one";
            }
            if (earlier.reachable() && host.reachable() && confMark(earlier).equals("unknown") && !confMark(host).equals("unknown")) {
                return "host " + host.name() + ": the plan could not preview its server.conf (its failed check says why), so it "
                        + "shows no diff to run";
            }
            if (earlier.reachable() && host.reachable() && !confMark(earlier).equals(confMark(host))) {
                return "host " + host.name() + ": its server.conf changed since the plan (" + shown(confMark(earlier)) + " -> "
                        + shown(confMark(host)) + "), so the plan's server.conf diff no longer holds";
            }
            if (!earlier.fingerprint().equals(host.fingerprint())) {
                return "host " + host.name() + " changed since the plan: " + earlier.fingerprint() + " -> " + host.fingerprint();
            }
        }
        return "the plan's hash does not match (was the file edited?)";
    }

    /** The fingerprint's last part, {@code server.conf=<sha256>|none|unknown}: what the plan knew of the file. */
    private static String confMark(Plan.HostPlan host) {
        int at = host.fingerprint().lastIndexOf(SERVER_CONF);
        return at < 0 ? "unknown" : host.fingerprint().substring(at + SERVER_CONF.length());
    }

    /**
     * The agent's build as the fingerprint has it, just before {@code server.conf=} (so an earlier part,
     * a problem's text, cannot pass for it); "unknown" in a plan made before it was recorded, or from an
     * agent that does not say.
     */
    private static String agentMark(Plan.HostPlan host) {
        String fingerprint = host.fingerprint();
        int conf = fingerprint.lastIndexOf("|" + SERVER_CONF);
        int agent = conf < 0 ? -1 : fingerprint.lastIndexOf("|" + AGENT, conf - 1);
        String build = agent < 0 ? "" : fingerprint.substring(agent + 1 + AGENT.length(), conf);
        return build.isEmpty() || build.contains("|") ? "unknown" : build;
    }

    private static String shown(String mark) {
        return switch (mark) {
            case "none" -> "no file";
            case "unknown" -> "unknown";
            default -> "sha256 " + mark.substring(0, Math.min(12, mark.length()));
        };
    }
}
