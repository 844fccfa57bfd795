/**
 * The fleet file ({@code fleet.yaml}): which hosts, which agent on each, which QuestDB distribution
 * to install, and step timeouts. {@link io.qfleet.coordinator.fleet.FleetFileLoader#load} returns a
 * validated {@link io.qfleet.coordinator.fleet.FleetFile} or throws a
 * {@link io.qfleet.coordinator.fleet.FleetFileException} whose one-line message names file, line
 * and key, e.g. {@code fleet.yaml:7: unknown key 'hots' (expected one of: target, hosts, timeouts)}.
 *
 * <pre>
 * target:
 *   distribution: dist/questdb-9.2.2-no-jre-bin.tar.gz   # relative to the fleet file's directory
 *   sha256: 0f3c...                                      # 64 hex digits
 *   version: 9.2.2
 * hosts:                                                 # at least one
 *   - name: db-1                                         # [a-z0-9][a-z0-9.-]{0,62}, unique
 *     agent: 127.0.0.2:7001                              # host:port or [ipv6]:port, unique
 * timeouts:                                              # optional, positive seconds
 *   stop_seconds: 120
 *   health_gate_seconds: 120
 *   wal_apply_seconds: 300
 *   agent_grace_seconds: 60
 * </pre>
 *
 * Unknown keys are errors at every level. Secrets are never inline: any text value may use
 * {@code ${env:NAME}} or {@code ${file:path}} ({@link io.qfleet.coordinator.fleet.SecretRef}).
 */
package io.qfleet.coordinator.fleet;
