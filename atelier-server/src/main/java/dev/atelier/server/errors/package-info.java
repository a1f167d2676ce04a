/**
 * The domain's errors, in no wire's words: a {@link dev.atelier.server.errors.Refusal} is a request the server
 * refuses (a {@link dev.atelier.server.errors.RefusalCode}, a message that says how to fix it, and for a refusal a
 * later retry may cure, the wait as data); a {@link dev.atelier.server.errors.TaskFailure} is how a task that ran
 * ended in error (an engine code or the task timeout). Every feature package throws these; each HTTP adapter
 * (YouCam's envelope, OpenAI's {@code {error:{…}}}) translates them with an exhaustive {@code switch}, so a new code
 * fails the build until every door has words for it.
 */
package dev.atelier.server.errors;
