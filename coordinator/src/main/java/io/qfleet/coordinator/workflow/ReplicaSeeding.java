package io.qfleet.coordinator.workflow;

import io.qfleet.coordinator.client.AgentClient;
import io.qfleet.coordinator.client.OperationOutcome;
import io.qfleet.coordinator.client.ProgressSink;
import io.qfleet.coordinator.client.StepRequest;
import io.qfleet.coordinator.fleet.HostEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Gets a replica its seed (QUESTDB.md section 6, "Replica bootstrap"): a checkpoint archive of its
 * primary taken after replication is on there, copied into the replica agent's uploads.
 *
 * <p>The copy goes through the coordinator: the primary's agent streams the archive (ReadArchive)
 * and the coordinator feeds it, chunk by chunk, into the replica agent's UploadDistribution, which
 * checks the SHA-256 the primary's verify_backup computed. So agents never talk to each other
 * (no agent-to-agent credentials or routes), nothing lands on the operator's disk, flow control
 * paces the primary to the replica, and a broken copy resumes from the replica's byte count. The
 * price is the archive crossing the coordinator's network twice.
 *
 * <p>Operation ids are the primary's, per run ({@code <run>.<primary>.replica-seed}): every
 * replica of a cluster, and a resumed run, attach to the same backup instead of taking another.
 */
final class ReplicaSeeding {
    /** The uploads on the replica that hold its seed. */
    record Seed(String archiveSha256, String manifestSha256) {}

    private final RunSpec spec;
    private final Function<HostEntry, AgentClient> clients;
    private final ProgressSink progress;

    ReplicaSeeding(RunSpec spec, Function<HostEntry, AgentClient> clients, ProgressSink progress) {
        this.spec = spec;
        this.clients = clients;
        this.progress = progress;
    }

    Seed deliver(AgentClient replica) {
        HostEntry primary = spec.replication().primary();
        try (AgentClient source = clients.apply(primary)) {
            String role = source.facts().replicationRole();
            if (!role.equals("primary")) {
                throw new StepExecutor.StepFailure("primary " + primary.name() + " does not replicate yet (its server.conf has "
                        + (role.isEmpty() ? "no replication.role" : "replication.role=" + role) + "): its replication step must"
                        + " succeed first, so that the seed is a checkpoint taken after replication is on");
            }
            RunSpec.Backup settings = spec.backup();
            OperationOutcome backup = run(source, "replica-seed", new StepRequest.Backup(settings.compression(), settings.level(),
                    settings.workers()), Duration.ofSeconds(settings.timeoutSeconds()));
            OperationOutcome verified = run(source, "replica-seed-verify", new StepRequest.VerifyBackup(backup.archivePath()),
                    Duration.ofSeconds(settings.timeoutSeconds()));
            String name = Path.of(backup.archivePath()).getFileName().toString();
            // The manifest is small: read whole for its size, then sent like the archive (checked by SHA-256).
            long manifestBytes;
            try (var in = source.readArchive(backup.archivePath(), true, 0)) {
                manifestBytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new StepExecutor.StepFailure("cannot read the manifest of " + name + " from " + primary.name() + ": " + e.getMessage());
            }
            replica.copyArchive(source, backup.archivePath(), true, name + ".manifest.json", manifestBytes, verified.manifestSha256(), progress);
            replica.copyArchive(source, backup.archivePath(), false, name, backup.archiveBytes(), verified.archiveSha256(), progress);
            return new Seed(verified.archiveSha256(), verified.manifestSha256());
        }
    }

    private OperationOutcome run(AgentClient source, String name, StepRequest request, Duration timeout) {
        HostEntry primary = spec.replication().primary();
        OperationOutcome outcome = source.run(spec.operationId(primary.name(), 1, name), request, progress, timeout.plusSeconds(60));
        if (!outcome.succeeded()) {
            throw new StepExecutor.StepFailure(primary.name() + " " + name + ": "
                    + (outcome.failureMessage().isEmpty() ? outcome.failureReason() : outcome.failureMessage()));
        }
        return outcome;
    }
}
