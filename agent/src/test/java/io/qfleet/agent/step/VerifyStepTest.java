package io.qfleet.agent.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qfleet.agent.operation.OperationResult.TableCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyStepTest {
    private static final List<TableCount> BEFORE = List.of(
            new TableCount("trades", true, 1_000_000), new TableCount("sensors", false, 100_000));

    @Test
    void sameDataHasNoDifferences() {
        assertEquals(List.of(), VerifyStep.differences(BEFORE, BEFORE));
    }

    @Test
    void rowsWrittenAfterTheInventoryAreNotALoss() {
        List<TableCount> now = List.of(new TableCount("trades", true, 1_000_250), new TableCount("sensors", false, 100_000),
                new TableCount("new_table", true, 5));
        assertEquals(List.of(), VerifyStep.differences(BEFORE, now));
    }

    @Test
    void aMissingTableAndFewerRowsAreReported() {
        List<TableCount> now = List.of(new TableCount("trades", true, 999_999));
        assertEquals(List.of("table trades has 999999 rows, 1000000 before", "table sensors is missing"),
                VerifyStep.differences(BEFORE, now));
    }
}
