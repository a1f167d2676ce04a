package dev.atelier.server.effects.generate;

import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.server.effects.Effect;
import java.util.ArrayList;
import java.util.List;

/** The generator effects over one router: the YouCam V1/V2 generator and the OpenAI-compatible images tasks. */
public final class GeneratorEffects {
    private GeneratorEffects() {}

    public static List<Effect> all(GenerationRouter router, GenerationSettings settings, TemplateCatalogue catalogue) {
        Generator generator = new Generator(router);
        List<Effect> effects = new ArrayList<>();
        effects.add(new TextToImageV1Effect(generator, catalogue, settings.v1Model()));
        effects.add(new TextToImageV2Effect(generator, settings.v2Model()));
        effects.add(new ImageToImageV2Effect(generator, catalogue, settings.v2Model()));
        effects.addAll(ImagesEffect.all(generator));
        return List.copyOf(effects);
    }
}
