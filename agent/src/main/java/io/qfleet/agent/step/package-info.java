/**
 * The work behind each operation kind, one class per workflow step. Each checks the host state it
 * needs first and fails with FAILED_PRECONDITION rather than guessing.
 */
package io.qfleet.agent.step;
