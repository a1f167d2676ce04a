/**
 * The Atelier Java SDK: {@link dev.atelier.client.AtelierClient} runs image effects on an Atelier (or any
 * YouCam-compatible) server in either wire family, doing the parts every integrator would otherwise hand-write —
 * legacy RSA authentication with token refresh, File API uploads, polling at the server's {@code polling_interval}
 * inside the polling window, and retries with backoff that keep the same {@code request_id} so a retried run is
 * never executed or charged twice. Typed calls ({@link dev.atelier.client.Effects}) cover the features the SDK
 * knows; {@link dev.atelier.client.AtelierClient#task(String)} reaches any other. Failures are
 * {@link dev.atelier.client.AtelierException}s carrying the wire code. Depends only on the JDK and Jackson.
 */
package dev.atelier.client;
