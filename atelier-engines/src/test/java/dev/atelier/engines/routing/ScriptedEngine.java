package dev.atelier.engines.routing;

import dev.atelier.engines.Availability;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.Progress;
import dev.atelier.engines.generation.EncodedImage;
import dev.atelier.engines.generation.FakeClock;
import dev.atelier.engines.generation.GeneratedImage;
import dev.atelier.engines.generation.GenerationOperation;
import dev.atelier.engines.generation.GenerationRequest;
import dev.atelier.engines.generation.GenerationResult;
import dev.atelier.engines.generation.ImageGeneration;
import dev.atelier.engines.generation.ModelInfo;
import dev.atelier.engines.generation.ProviderError;
import dev.atelier.engines.generation.TestImages;
import dev.atelier.engines.generation.Timings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;

/**
 * A test engine whose calls follow a script: each step takes some time on the fake clock, then succeeds or throws.
 * When the script runs out the last step repeats.
 */
final class ScriptedEngine implements ImageGeneration {
    private final String name;
    private final FakeClock clock;
    private final List<ModelInfo> models;
    private final Deque<Step> script = new ArrayDeque<>();
    private Step last;
    int calls;

    record Step(Duration takes, ProviderError failure) {}

    ScriptedEngine(String name, FakeClock clock, String... models) {
        this.name = name;
        this.clock = clock;
        this.models = java.util.Arrays.stream(models.length == 0 ? new String[] {"m"} : models)
                .map(m -> new ModelInfo(m, EnumSet.allOf(GenerationOperation.class))).toList();
    }

    ScriptedEngine succeeds(Duration takes) {
        script.add(new Step(takes, null));
        return this;
    }

    ScriptedEngine fails(Duration takes, ProviderError.Code code) {
        script.add(new Step(takes, ProviderError.of(code, name, name + " says " + code)));
        return this;
    }

    ScriptedEngine fails(Duration takes, ProviderError error) {
        script.add(new Step(takes, error));
        return this;
    }

    @Override
    public String id() {
        return "test:" + name;
    }

    @Override
    public String provider() {
        return name;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.REMOTE;
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    private GenerationResult run(GenerationRequest request) {
        calls++;
        Step step = script.isEmpty() ? last : script.removeFirst();
        last = step;
        clock.advance(step.takes());
        if (step.failure() != null) {
            throw step.failure();
        }
        return new GenerationResult(List.of(new GeneratedImage(EncodedImage.of(TestImages.png(2, 2, 0)), null,
                null)), null, request.model() == null ? "m" : request.model(), name, id(),
                new Timings(step.takes(), null), null, null, List.of());
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Progress progress) {
        return run(request);
    }

    @Override
    public GenerationResult transform(List<EncodedImage> sources, GenerationRequest request, Progress progress) {
        return run(request);
    }

    @Override
    public GenerationResult edit(EncodedImage image, EncodedImage mask, GenerationRequest request,
            Progress progress) {
        return run(request);
    }
}
