/**
 * The per-host workflow: pure decisions ({@link io.qfleet.coordinator.workflow.HostWorkflow}) and
 * the one engine that does the I/O ({@link io.qfleet.coordinator.workflow.WorkflowEngine}).
 */
package io.qfleet.coordinator.workflow;
