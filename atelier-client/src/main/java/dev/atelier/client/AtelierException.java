package dev.atelier.client;

/**
 * Every failure the SDK reports: the server refused a request ({@link RequestException}, or {@link OpenAiException}
 * on the OpenAI-compatible routes), a task ran and failed
 * ({@link TaskFailedException}), or the server could not be reached ({@link ConnectionException}). Unchecked, so
 * it travels through {@link java.util.concurrent.CompletableFuture}s unchanged (wrapped in a
 * {@link java.util.concurrent.CompletionException}).
 */
public abstract sealed class AtelierException extends RuntimeException
        permits RequestException, OpenAiException, TaskFailedException, ConnectionException {
    private static final long serialVersionUID = 1L;

    AtelierException(String message, Throwable cause) {
        super(message, cause);
    }
}
