/**
 * What the operator sees while a run goes: the {@link io.qfleet.coordinator.progress.ProgressListener}
 * contract the workflow engine calls, and its renderers,
 * {@link io.qfleet.coordinator.progress.PlainRenderer} (lines for terminals and logs) and
 * {@link io.qfleet.coordinator.progress.JsonLinesRenderer} (one JSON object per line for scripts).
 */
package io.qfleet.coordinator.progress;
