/**
 * The local fleet behind {@code qfleet demo}: real QuestDB 8.1.4 servers on loopback, each seeded with
 * sample data and watched by its own agent, plus the 9.2.2 target packed as a no-JRE tarball and a fleet
 * file naming them. {@link io.qfleet.coordinator.demo.LocalFleet} owns every process it starts and, on
 * close, also stops the server the agent started in its place after the migration.
 */
package io.qfleet.coordinator.demo;
