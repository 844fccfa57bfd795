package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the data now with an earlier inventory: every table still there, with at least as many
 * rows. More rows are allowed and reported: clients may write between the inventory and the stop
 * (the inventory runs while QuestDB still serves), so only a loss is a failure. Tables that
 * appeared since are allowed too (a new version may add its own) and reported.
 */
final class VerifyStep implements OperationWork {
    private static final int MAX_LISTED = 5;

    private final QuestDbHost host;
    private final OperationSpec.Verify spec;

    VerifyStep(QuestDbHost host, OperationSpec.Verify spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        OperationResult.Inventoried before = context.resultOf(spec.inventoryOperationId(), OperationResult.Inventoried.class);
        List<TableCount> now = TableCounter.count(host.sql(), Steps.timeout(spec.walApplyTimeoutSeconds(), 300), context);
        List<String> differences = differences(before.tables(), now);
        if (!differences.isEmpty()) {
            String listed = differences.stream().limit(MAX_LISTED).collect(Collectors.joining("; "));
            String more = differences.size() > MAX_LISTED ? " and " + (differences.size() - MAX_LISTED) + " more" : "";
            throw AgentException.failedPrecondition("verify_mismatch", "data differs from the inventory: " + listed + more);
        }
        Map<String, TableCount> beforeByName = byName(before.tables());
        for (TableCount table : now) {
            TableCount earlier = beforeByName.get(table.name());
            if (earlier != null && table.rows() > earlier.rows()) {
                context.info("table " + table.name() + ": " + (table.rows() - earlier.rows())
                        + " rows more than the inventory (written after it)");
            }
        }
        now.stream().filter(t -> !beforeByName.containsKey(t.name()))
                .forEach(t -> context.info("new table since the inventory: " + t.name() + " (" + t.rows() + " rows)"));
        return new OperationResult.Verified(before.tables().size(), TableCounter.total(now));
    }

    static List<String> differences(List<TableCount> before, List<TableCount> now) {
        Map<String, TableCount> current = byName(now);
        List<String> differences = new ArrayList<>();
        for (TableCount table : before) {
            TableCount after = current.get(table.name());
            if (after == null) {
                differences.add("table " + table.name() + " is missing");
            } else if (after.rows() < table.rows()) {
                differences.add("table " + table.name() + " has " + after.rows() + " rows, " + table.rows() + " before");
            }
        }
        return differences;
    }

    private static Map<String, TableCount> byName(List<TableCount> tables) {
        return tables.stream().collect(Collectors.toMap(TableCount::name, Function.identity(), (a, b) -> a));
    }
}
