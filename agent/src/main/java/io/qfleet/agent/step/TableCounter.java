package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult.TableCount;
import io.qfleet.agent.questdb.QuestDbSql;
import io.qfleet.agent.questdb.TableInfo;
import io.qfleet.agent.questdb.WalTableState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what the data looks like: waits until every WAL table is applied (WAL apply is
 * asynchronous, so counting earlier would compare moving numbers), then counts rows per table.
 */
final class TableCounter {
    private static final long POLL_MILLIS = 200;

    private TableCounter() {}

    static List<TableCount> count(QuestDbSql sql, Duration walApplyTimeout, OperationContext context) {
        awaitWalApplied(sql, walApplyTimeout, context);
        List<TableInfo> tables = sql.tables();
        List<TableCount> counts = new ArrayList<>(tables.size());
        for (TableInfo table : tables) {
            context.checkCancelled();
            counts.add(new TableCount(table.name(), table.wal(), sql.rowCount(table.name())));
            context.progress("counting rows", counts.size(), tables.size(), "tables");
        }
        return counts;
    }

    static void awaitWalApplied(QuestDbSql sql, Duration timeout, OperationContext context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<WalTableState> wal = sql.walTables();
            List<String> suspended = wal.stream().filter(WalTableState::suspended).map(WalTableState::name).toList();
            if (!suspended.isEmpty()) {
                throw AgentException.failedPrecondition("wal_suspended", "WAL tables suspended: " + String.join(", ", suspended)
                        + " (check the QuestDB log, then ALTER TABLE ... RESUME WAL)");
            }
            List<String> behind = wal.stream().filter(t -> !t.caughtUp()).map(WalTableState::name).toList();
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw AgentException.failedPrecondition("wal_apply_timeout", "WAL tables still applying after "
                        + timeout.toSeconds() + "s: " + String.join(", ", behind));
            }
            context.progress("waiting for WAL apply: " + String.join(", ", behind), 0, 0, "");
            sleep(context);
        }
    }

    private static void sleep(OperationContext context) {
        context.checkCancelled();
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentException.aborted("interrupted", "interrupted while waiting for WAL apply");
        }
    }

    static long total(List<TableCount> counts) {
        return counts.stream().mapToLong(TableCount::rows).sum();
    }
}
