/** The agent's gRPC server: services, health, reflection, executors and shutdown. */
package io.qfleet.agent.server;
