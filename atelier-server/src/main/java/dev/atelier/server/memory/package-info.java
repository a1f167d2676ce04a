/**
 * The node's heap budget for image work: {@link dev.atelier.server.memory.MemoryBudget} admits each run's estimated
 * peak (from the inputs' headers, before anything is decoded) against one node-wide total, so concurrent tasks that
 * would together exhaust the heap run one after another instead of failing.
 */
package dev.atelier.server.memory;
