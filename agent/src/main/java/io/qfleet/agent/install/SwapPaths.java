package io.qfleet.agent.install;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The three directories of a swap by rename.
 *
 * @param installDir where QuestDB is launched from, before and after the swap
 * @param previousDir where the old install dir went, kept for rollback
 * @param stagedDir the verified new binaries, moved into {@code installDir} by the swap
 */
public record SwapPaths(Path installDir, Path previousDir, Path stagedDir) {
    public SwapPaths {
        requireNonNull(installDir, "installDir");
        requireNonNull(previousDir, "previousDir");
        requireNonNull(stagedDir, "stagedDir");
    }
}
