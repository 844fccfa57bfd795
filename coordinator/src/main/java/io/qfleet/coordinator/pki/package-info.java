/**
 * {@code qfleet pki}: a private CA for mTLS between the coordinator and its agents, agent (server)
 * and coordinator (client) certificates it signs, and bearer tokens. Certificates are built with
 * BouncyCastle; keys never leave their 0600 files.
 */
package io.qfleet.coordinator.pki;
