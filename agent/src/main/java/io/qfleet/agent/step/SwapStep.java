package io.qfleet.agent.step;

import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.SwapPaths;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import io.qfleet.agent.secrets.PgCredentials;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Staged binaries in, current ones aside (kept for rollback), by renames on one filesystem; then
 * the server.conf keys only the new binaries accept (TLS, the built-in admin's override), so the
 * first start already serves them. The Enterprise-key guard runs before the renames: refused, the
 * host is exactly as it was. When the way QuestDB is run must change with the binaries (a systemd
 * unit naming the other edition's main), that happens before the renames and is undone if the
 * swap fails.
 */
final class SwapStep implements OperationWork {
    private final QuestDbHost host;
    private final OperationSpec.Swap spec;

    SwapStep(QuestDbHost host, OperationSpec.Swap spec) {
        this.host = host;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) {
        OperationResult.Staged staged = context.resultOf(spec.stageOperationId(), OperationResult.Staged.class);
        host.process().requireStopped("swapping binaries");
        Path stagedDir = host.allowList().require(Path.of(staged.stagedDir()), "staged dir");
        Map<String, String> keys = new LinkedHashMap<>();
        if (!spec.tlsOperationId().isEmpty()) {
            keys.putAll(TlsConfKeys.keys(context.resultOf(spec.tlsOperationId(), OperationResult.TlsDone.class)));
        }
        PgCredentials.Login override = spec.overrideBuiltinAdmin() ? BuiltinAdmin.newOverride(host) : null;
        if (override != null) {
            keys.putAll(BuiltinAdmin.overrideKeys(override));
        }
        ServerConfEdit edit = ConfChange.setting(host, keys);
        ServerConfWriter.requireEditionAllows(edit, staged.edition()); // before anything moves
        host.process().prepareLaunch(staged.main()).ifPresent(context::info);
        SwapPaths paths;
        ServerConfWriter.Result written;
        try {
            paths = InstallSwap.swap(host.installDir(), stagedDir, context.operationId());
            try {
                written = ConfChange.write(host, edit, staged.edition(), context);
            } catch (RuntimeException e) {
                // A swap that fails leaves no result for revert_swap to read: put the old binaries back here.
                InstallSwap.revert(paths, paths.installDir().resolveSibling(paths.installDir().getFileName() + InstallSwap.REVERTED
                        + context.operationId()));
                throw e;
            }
        } catch (RuntimeException e) {
            host.process().revertLaunch().ifPresent(context::info);
            throw e;
        }
        if (override != null) {
            host.credentials().replace(override);
            context.info("built-in admin " + override.user() + " overridden with a password only this agent knows");
        }
        context.info("QuestDB " + staged.version() + " in " + paths.installDir() + "; previous binaries in " + paths.previousDir());
        return new OperationResult.Swapped(paths.installDir().toString(), paths.previousDir().toString(),
                paths.stagedDir().toString(), written.written() ? written.summary() : "",
                written.previous().map(Path::toString).orElse(""));
    }
}
