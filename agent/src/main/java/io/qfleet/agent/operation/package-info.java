/**
 * Durable, idempotent operations: one state machine per operation, keyed by a client-chosen id,
 * persisted on every transition, run on the agent's own executor, never on gRPC threads.
 */
package io.qfleet.agent.operation;
