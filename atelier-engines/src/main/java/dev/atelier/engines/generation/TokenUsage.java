package dev.atelier.engines.generation;

/**
 * Token counts an upstream reported (GPT image models bill by tokens). Detail fields are {@code null} when the
 * upstream did not break the input down.
 */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens, Long inputTextTokens,
        Long inputImageTokens) {}
