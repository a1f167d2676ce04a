/**
 * The server secret: {@link dev.atelier.server.security.ServerSecret} derives one HMAC key per purpose (access
 * tokens, signed URLs, webhook secrets) from {@code ATELIER_SECRET}, accepts previous secrets during a rotation, and
 * seals stored secrets with AES-GCM. Every node of a cluster shares it, which is what makes tokens and URLs
 * stateless.
 */
package dev.atelier.server.security;
