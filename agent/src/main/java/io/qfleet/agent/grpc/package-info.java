/**
 * gRPC adapters: translate between the generated qfleet.agent.v1 types and the agent's domain,
 * and nothing else. Generated types never leave this package.
 */
package io.qfleet.agent.grpc;
