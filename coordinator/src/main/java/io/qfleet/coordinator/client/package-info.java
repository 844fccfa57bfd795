/**
 * Talking to agents. {@link io.qfleet.coordinator.client.AgentClient} is the coordinator's view;
 * the gRPC implementation is the only place generated types appear on this side.
 */
package io.qfleet.coordinator.client;
