/**
 * The OpenAI-compatible images API in APIpie's flavour (CONTRACTS B): {@code /v1/images/generations},
 * {@code /v1/images/edits}, {@code /v1/images/variations} and {@code /v1/models}. {@link
 * dev.atelier.server.api.openai.OpenAiApi} validates each request per model family (B.5), turns OpenAI's mask
 * convention into Atelier's, runs the request as an ordinary poll-exempt task and waits for it, and answers in
 * OpenAI's shapes, errors included ({@link dev.atelier.server.api.openai.OpenAiError}).
 */
package dev.atelier.server.api.openai;
