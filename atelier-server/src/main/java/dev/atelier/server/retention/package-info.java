/**
 * Retention (CONTRACTS D.6, A.7): the {@link dev.atelier.server.retention.RetentionSweeper} deletes expired uploads
 * and results (blob and record, so their URLs stop working) and finished task records past
 * {@code ATELIER_TASK_RETENTION}; {@link dev.atelier.server.retention.DeletedTaskCleanup} removes the result files of
 * a task deleted through {@code task/delete}. Every step is an idempotent delete, so any number of nodes may sweep at
 * the same time.
 */
package dev.atelier.server.retention;
