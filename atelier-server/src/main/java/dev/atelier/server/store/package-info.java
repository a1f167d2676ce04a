/**
 * Persistence: {@link dev.atelier.server.store.Database} (the connection pool and Flyway migrations),
 * {@link dev.atelier.server.store.Dialect} (the few SQL differences between SQLite and PostgreSQL) and the Jdbi
 * implementations of the store interfaces each concern owns (keys, files, tasks, the credit ledger, usage records,
 * webhooks). Every SQL statement of the server lives here. Concerns depend on their interface, never on this
 * package; the composition root picks the implementation.
 */
package dev.atelier.server.store;
