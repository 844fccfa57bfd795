/**
 * What the operator sees while a run goes: the {@link io.qfleet.coordinator.progress.ProgressListener}
 * contract the workflow engine calls, and its renderers,
 * {@link io.qfleet.coordinator.progress.LiveRenderer} (a live per-host view in a terminal, drawn
 * through JLine), {@link io.qfleet.coordinator.progress.PlainRenderer} (lines for pipes, logs and
 * terminals that should not be redrawn) and {@link io.qfleet.coordinator.progress.JsonLinesRenderer}
 * (one JSON object per line for scripts); {@link io.qfleet.coordinator.progress.RendererChoice}
 * picks one.
 */
package io.qfleet.coordinator.progress;
