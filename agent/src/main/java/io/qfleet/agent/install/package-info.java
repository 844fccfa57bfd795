/**
 * Getting new QuestDB binaries onto a host without touching the running ones: resumable,
 * SHA-256-keyed uploads ({@link io.qfleet.agent.install.UploadStore}), unpacking with every entry
 * checked ({@link io.qfleet.agent.install.SafeArchiveExtractor}), recognising what was unpacked
 * ({@link io.qfleet.agent.install.DistributionLayout}), and the swap by rename on one filesystem
 * ({@link io.qfleet.agent.install.InstallSwap}) that keeps the previous install dir beside the new one.
 *
 * <p>Everything here is plain file work on the caller's thread: no gRPC types, no threads, no
 * QuestDB process control. Failures are {@link io.qfleet.agent.AgentException}s with a snake_case
 * reason and a one-line message naming the file.
 */
package io.qfleet.agent.install;
