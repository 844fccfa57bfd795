/**
 * Facts about the host and its QuestDB, for preflight and plans: read only, except the
 * shared-storage marker ({@link io.qfleet.agent.facts.RootMarkers}), the one file preflight writes.
 */
package io.qfleet.agent.facts;
