package io.qfleet.agent.step;

import static java.util.Objects.requireNonNull;

import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.InstallSwap;
import io.qfleet.agent.install.SwapPaths;
import io.qfleet.agent.operation.OperationSnapshot;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.serverconf.ServerConf;
import io.qfleet.agent.serverconf.ServerConfEdit;
import io.qfleet.agent.serverconf.ServerConfWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Undoes a swap the agent was killed in the middle of, when the agent starts again (the registry
 * hands over every operation it marks {@code agent_restarted}). A failed swap must mean "old
 * binaries in place": the coordinator rolls back without a revert and starts what the install dir
 * holds, and the new binaries starting there would migrate the data behind its back. So when
 * {@code <install>.previous-<op>} exists, the new binaries go to {@code <install>.reverted-<op>}
 * and the previous ones come back (also after a kill between the two renames), and Enterprise-only
 * server.conf keys the swap may have written are stripped when the binaries are not Enterprise.
 * Never throws: a start must not fail over cleanup; it logs instead.
 */
public final class SwapRecovery implements Consumer<OperationSnapshot> {
    private static final Logger LOG = System.getLogger(SwapRecovery.class.getName());

    private final QuestDbHost host;

    public SwapRecovery(QuestDbHost host) {
        this.host = requireNonNull(host, "host");
    }

    @Override
    public void accept(OperationSnapshot interrupted) {
        if (!(interrupted.spec() instanceof OperationSpec.Swap)) {
            return;
        }
        String id = interrupted.id();
        Path install = host.installDir().toAbsolutePath().normalize();
        Path previous = install.resolveSibling(install.getFileName() + ".previous-" + id);
        if (!Files.isDirectory(previous, LinkOption.NOFOLLOW_LINKS)) {
            LOG.log(Level.INFO, "swap {0} was interrupted before it moved anything: binaries unchanged", id);
            return;
        }
        Path reverted = install.resolveSibling(install.getFileName() + ".reverted-" + id);
        try {
            // The staged dir is not needed to revert; the install dir's own name stands in for it.
            InstallSwap.revert(new SwapPaths(install, previous, install), reverted);
            LOG.log(Level.WARNING, "swap {0} was interrupted: previous binaries back in {1}, the new ones in {2}", id, install,
                    reverted);
            stripEnterpriseKeys(id);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "swap " + id + " was interrupted and cannot be undone; " + previous
                    + " holds the previous binaries", e);
        }
    }

    private void stripEnterpriseKeys(String id) {
        Edition edition = DistributionLayout.describe(host.installDir()).edition();
        if (edition == Edition.ENTERPRISE) {
            return;
        }
        ServerConfEdit strip = ServerConfWriter.stripEnterpriseKeys(ServerConfEdit.of(ServerConf.read(host.confFile()), Clock.systemUTC()));
        ServerConfWriter.Result written = ServerConfWriter.write(host.confFile(), strip, edition);
        host.credentials().clear();
        LOG.log(Level.INFO, "swap {0} was interrupted: server.conf {1}", id, written.summary());
    }
}
