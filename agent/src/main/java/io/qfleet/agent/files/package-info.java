/** Writing files other processes (and a restarted agent) read: atomically, fsync'd. */
package io.qfleet.agent.files;
