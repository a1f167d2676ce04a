/**
 * The web playground and what it needs from the server: the static page (plain HTML, CSS and ES modules under
 * {@code resources/web}, served at {@code /} with a strict Content-Security-Policy and ETag revalidation), the public
 * read-only feature listing ({@code GET /s2s/v2.0/features}) the page builds its forms from, and the local-only API
 * key {@code atelier serve} prints when it listens on loopback. The page itself talks only to the public API, so it
 * doubles as a living example of it.
 */
package dev.atelier.server.web;
