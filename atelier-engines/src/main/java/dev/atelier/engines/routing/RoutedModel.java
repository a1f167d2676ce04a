package dev.atelier.engines.routing;

import dev.atelier.engines.generation.GenerationOperation;
import java.util.List;
import java.util.Set;

/**
 * A model clients can ask for, what it can do and which available providers serve it (for {@code GET /v1/models}).
 */
public record RoutedModel(String name, Set<GenerationOperation> operations, List<String> providers) {
    public RoutedModel {
        operations = Set.copyOf(operations);
        providers = List.copyOf(providers);
    }
}
