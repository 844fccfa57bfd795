/**
 * Secrets the agent handles for the Enterprise steps: {@link io.qfleet.agent.secrets.SecretText}
 * (stored as a keyed fingerprint, never as the value), and the agent's own PG wire credentials
 * ({@link io.qfleet.agent.secrets.PgCredentials}, a 0600 file in the state dir).
 */
package io.qfleet.agent.secrets;
