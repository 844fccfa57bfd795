/**
 * {@code qfleet plan}: preflight on every host, what each will go through, and a hash that
 * {@code qfleet run --plan} checks so a run never acts on a fleet that changed since the plan.
 */
package io.qfleet.coordinator.plan;
