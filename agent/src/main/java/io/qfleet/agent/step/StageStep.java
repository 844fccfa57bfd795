package io.qfleet.agent.step;

import io.qfleet.agent.AgentException;
import io.qfleet.agent.questdb.Edition;
import io.qfleet.agent.install.DistributionInfo;
import io.qfleet.agent.install.DirectoryTrees;
import io.qfleet.agent.install.DistributionLayout;
import io.qfleet.agent.install.ExtractResult;
import io.qfleet.agent.install.SafeArchiveExtractor;
import io.qfleet.agent.install.StagingPaths;
import io.qfleet.agent.install.UploadStore;
import io.qfleet.agent.operation.OperationContext;
import io.qfleet.agent.operation.OperationResult;
import io.qfleet.agent.operation.OperationSpec;
import io.qfleet.agent.operation.OperationWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Unpacks an uploaded distribution beside the install dir and proves it usable (safe entries,
 * readable jar, expected version, this OS/arch) before anything QuestDB uses is touched.
 */
final class StageStep implements OperationWork {
    private final QuestDbHost host;
    private final UploadStore uploads;
    private final OperationSpec.Stage spec;

    StageStep(QuestDbHost host, UploadStore uploads, OperationSpec.Stage spec) {
        this.host = host;
        this.uploads = uploads;
        this.spec = spec;
    }

    @Override
    public OperationResult run(OperationContext context) throws IOException {
        Path archive = uploads.completedFile(spec.sha256());
        Path staged = host.allowList().require(StagingPaths.stagedDirFor(host.installDir(), context.operationId()), "staged dir");
        if (Files.exists(staged)) {
            throw AgentException.failedPrecondition("staged_dir_exists", staged + " already exists; remove it or stage under a new operation id");
        }
        context.info("unpacking " + archive.getFileName() + " into " + staged);
        ExtractResult extracted = SafeArchiveExtractor.extract(archive, staged,
                (done, total) -> context.progress("unpacking", done, total, "bytes"));
        DistributionInfo info;
        try {
            info = DistributionLayout.inspect(staged);
            DistributionLayout.requireVersion(info, spec.expectedVersion());
            if (spec.requireEnterprise() && info.edition() != Edition.ENTERPRISE) {
                throw AgentException.failedPrecondition("enterprise_required", "the distribution is QuestDB " + info.version()
                        + " (" + info.edition() + ") but the run has Enterprise steps (TLS, admin accounts): Open Source with"
                        + " config.validation.strict=true exits 55 on their keys; use an Enterprise distribution or drop those sections");
            }
        } catch (AgentException e) {
            DirectoryTrees.deleteQuietly(staged); // a refused distribution leaves nothing behind
            throw e;
        }
        context.info("staged QuestDB " + info.version() + " (" + info.layout() + ", " + info.edition() + ")");
        return new OperationResult.Staged(staged.toString(), info.layout(), info.version(), info.edition(), info.main(),
                extracted.bytes(), extracted.entries());
    }
}
