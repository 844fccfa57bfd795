package io.qfleet.agent.step;

import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.questdb.QuestDbSql;
import java.time.Duration;
import java.util.List;

/** Records the tables and row counts that verify will later compare against. */
final class InventoryStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.Inventory spec;

    InventoryStep(QuestDbHost host, OperationSpec.Inventory spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        QuestDbSql sql = host.sql();
        String version = sql.build().version();
        List<TableCount> counts = TableCounter.count(sql, Steps.timeout(spec.walApplyTimeoutSeconds(), 300), context);
        context.info("QuestDB " + version + ": " + counts.size() + " tables, " + TableCounter.total(counts) + " rows");
        return new OperationResult.Inventoried(version, counts, TableCounter.total(counts));
    }
}
