/**
 * Backups of the whole QuestDB root: CHECKPOINT CREATE (SNAPSHOT PREPARE on 7.x), one streamed
 * tar through zstd or gzip with a manifest of every entry's size and CRC32C, RELEASE on every
 * path, verification against the manifest, and the cleanup after an agent died mid-backup.
 */
package io.qfleet.agent.backup;
