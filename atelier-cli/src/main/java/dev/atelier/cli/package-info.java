/**
 * The {@code atelier} command line: {@code serve} starts a node, {@code run} and {@code generate} apply the server's
 * effect table to local files (or to a running server with {@code --server}), {@code doctor} says what this machine
 * can run and what each missing feature needs, and {@code models}, {@code keys}, {@code credits} and
 * {@code webhooks} administer a data directory or a running server through its admin API. Commands parse and print;
 * the work itself is the server's and the engines' code, composed the same way the server composes it.
 */
package dev.atelier.cli;
