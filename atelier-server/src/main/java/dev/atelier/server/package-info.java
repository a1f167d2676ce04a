/**
 * The composition root: {@link dev.atelier.server.Components} builds every part of a node from the settings,
 * {@link dev.atelier.server.Routes} installs its HTTP routes and filters (one place, shared by {@code atelier serve}
 * and the tests), {@link dev.atelier.server.AtelierServer} starts and stops it, {@link dev.atelier.server.EffectTable}
 * is the one list of effects the server and the CLI run, and {@link dev.atelier.server.Admin} opens the same stores
 * without a server for the CLI. Nothing else in the server depends on this package; it depends on all of them.
 */
package dev.atelier.server;
