package io.qfleet.coordinator.workflow;

import java.util.List;
import java.util.stream.Collectors;

/** {@code qfleet rollback} or {@code finalize} refused for these hosts; nothing was done on any host. */
public final class HostsRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<WorkflowEngine.Refusal> refusals;

    public HostsRefusedException(List<WorkflowEngine.Refusal> refusals) {
        super(refusals.stream().map(r -> r.host() + ": " + r.reason()).collect(Collectors.joining("; ")));
        this.refusals = List.copyOf(refusals);
    }

    public List<WorkflowEngine.Refusal> refusals() {
        return refusals;
    }
}
