/**
 * Units (credits): a ledger of grants and of the movements that changed them, reservations taken when a task is
 * submitted and settled on success or released otherwise, per-feature unit costs, and one usage record per settled
 * task. {@link dev.atelier.server.credits.CreditLedger} is the ledger (kept in SQL by {@code store}), {@link dev.atelier.server.credits.FeatureCosts}
 * the price list, {@link dev.atelier.server.credits.UsageStore} the usage records and
 * {@link dev.atelier.server.credits.CreditHooks} what ties them to the task lifecycle. Amounts are whole hundredths
 * of a unit ({@code long}) everywhere inside; the wire shows them with two decimals.
 */
package dev.atelier.server.credits;
