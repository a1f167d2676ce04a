package dev.atelier.engines.generation;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A model a generator offers and the operations it supports. The name {@code *} stands for "any model name": an
 * OpenAI-compatible server configured without a model list passes the caller's model through.
 */
public record ModelInfo(String name, Set<GenerationOperation> operations) {
    public static final String ANY = "*";

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        operations = Set.copyOf(operations.isEmpty() ? EnumSet.noneOf(GenerationOperation.class) : operations);
    }

    public boolean matches(String requested) {
        return name.equals(ANY) || name.equals(requested);
    }

    public boolean supports(GenerationOperation op) {
        return operations.contains(op);
    }
}
