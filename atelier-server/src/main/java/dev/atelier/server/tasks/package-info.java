/**
 * The task system: {@link dev.atelier.server.tasks.TaskService} (submit, status, expiry, delete),
 * {@link dev.atelier.server.tasks.WorkerPool} and {@link dev.atelier.server.tasks.TaskRunner} (claim and run),
 * {@link dev.atelier.server.tasks.RunPipeline} (the named steps of one run, shared with {@code atelier run} through
 * {@link dev.atelier.server.tasks.DirectRun}), {@link dev.atelier.server.tasks.TaskState} (the one transition
 * table) and {@link dev.atelier.server.tasks.TaskHooks}, through which credits, webhooks and live events follow tasks
 * without the task system knowing them.
 */
package dev.atelier.server.tasks;
