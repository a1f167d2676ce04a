/**
 * The node's background jobs (task expiry, lease recovery, credit and webhook reconciliation, retention): each is
 * scheduled on its own, timed into a metric, and isolated, so that one job's failure or slowness never skips another.
 */
package dev.atelier.server.jobs;
