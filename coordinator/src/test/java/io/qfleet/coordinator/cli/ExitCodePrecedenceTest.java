package io.qfleet.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.coordinator.workflow.HostStatus;
import io.qfleet.coordinator.workflow.HostSummary;
import io.qfleet.coordinator.workflow.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When hosts end differently, the exit code says the worst: a host that may have changed (4) outranks an agent that
 * did not answer (5), which says "nothing was done on them", in every command that reports hosts.
 */
class ExitCodePrecedenceTest {

    @ParameterizedTest(name = "failed={0} changed={1} unreachable={2} -> {3}")
    @CsvSource({
        "false, false, false, 0",
        "true,  false, false, 3",
        "true,  false, true,  5",
        "true,  true,  false, 4",
        "true,  true,  true,  4",
    })
    void hostOperations(boolean failed, boolean changed, boolean unreachable, int exit) {
        assertEquals(exit, HostOperations.Tally.exitCode(failed, changed, unreachable));
    }

    @Test
    void aRunWithAHostThatMayHaveChangedAndAnUnreachableOneExits4() {
        RunResult result = new RunResult(List.of(host("db-1", HostStatus.FAILED), host("db-2", HostStatus.FAILED)), true, true, null);
        assertEquals(ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN, RunCommand.exitCode(result));
    }

    @Test
    void aRollbackThatFailedOnceItBeganExits4EvenWhenItsAgentWasLostOnTheWay() {
        RunResult lost = new RunResult(List.of(host("db-1", HostStatus.ROLLED_BACK), host("db-2", HostStatus.FAILED)), true, true, null);
        assertEquals(ExitCodes.FAILED_AFTER_POINT_OF_NO_RETURN, RollbackCommand.exitCode(lost));
        RunResult back = new RunResult(List.of(host("db-1", HostStatus.ROLLED_BACK)), false, false, null);
        assertEquals(ExitCodes.DONE, RollbackCommand.exitCode(back));
    }

    private static HostSummary host(String name, HostStatus status) {
        return new HostSummary(name, status, "8.1.4", "8.1.4", 100L, 100L, "");
    }
}
