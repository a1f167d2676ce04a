/**
 * API keys and who is calling: {@link dev.atelier.server.accounts.Credentials} creates keys, authenticates API keys
 * (by SHA-256 hash) and stateless HMAC access tokens, and runs the legacy RSA {@code id_token} exchange;
 * {@link dev.atelier.server.accounts.Principal} is the authenticated caller every service takes.
 */
package dev.atelier.server.accounts;
