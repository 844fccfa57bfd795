package io.qfleet.coordinator.client;

/** An operation as an agent lists it: id, state (pending, running, succeeded, failed, cancelled) and failure line. */
public record AgentOperation(String id, String state, String failureMessage) {}
