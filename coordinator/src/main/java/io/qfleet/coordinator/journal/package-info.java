/**
 * The run journal: every step's start and result appended and fsync'd before the coordinator acts
 * on it, so {@code qfleet resume}, {@code status} and {@code report} can rebuild a run from disk.
 */
package io.qfleet.coordinator.journal;
