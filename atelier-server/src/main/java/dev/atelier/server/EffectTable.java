package dev.atelier.server;

import dev.atelier.engines.routing.GenerationRouter;
import dev.atelier.server.config.SettingsSource;
import dev.atelier.server.effects.Effect;
import dev.atelier.server.effects.Effects;
import dev.atelier.server.effects.aging.AgingEffect;
import dev.atelier.server.effects.background.BlurBackgroundEffect;
import dev.atelier.server.effects.background.RemoveBackgroundEffect;
import dev.atelier.server.effects.background.ReplaceBackgroundEffect;
import dev.atelier.server.effects.color.ColorCorrectEffect;
import dev.atelier.server.effects.color.LightingEffect;
import dev.atelier.server.effects.colorize.ColorizeEffect;
import dev.atelier.server.effects.edit.MaskedEdit;
import dev.atelier.server.effects.edit.ObjectReplaceEffect;
import dev.atelier.server.effects.enhance.EnhanceEffect;
import dev.atelier.server.effects.face.FaceSwapPreProcessEffect;
import dev.atelier.server.effects.face.Faces;
import dev.atelier.server.effects.faceswap.FaceSwapEffect;
import dev.atelier.server.effects.generate.GenerationSettings;
import dev.atelier.server.effects.generate.Generator;
import dev.atelier.server.effects.generate.GeneratorEffects;
import dev.atelier.server.effects.generate.TemplateCatalogue;
import dev.atelier.server.effects.hair.HairCatalogue;
import dev.atelier.server.effects.hair.HairEffects;
import dev.atelier.server.effects.inpaint.RemoveObjectEffect;
import dev.atelier.server.effects.makeup.MakeupTransferEffect;
import dev.atelier.server.effects.video.VideoEnhanceEffect;
import dev.atelier.server.effects.video.VideoSettings;
import dev.atelier.server.localengines.LocalEngines;
import dev.atelier.server.screening.ContentScreen;
import dev.atelier.server.screening.ScreenedEffect;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of effects this build offers, each over the engines it uses: the server, {@code atelier run} and
 * {@code atelier generate} all build their table here, so a feature added here is served over HTTP and runnable from
 * the command line alike. An effect whose engine or provider is missing stays in the table and answers
 * {@code FeatureUnavailable} with its remedy.
 *
 * @param effects   the lookups (feature id, legacy slug, v2 path)
 * @param router    the generation router the generator effects and the OpenAI door share
 * @param templates the V1 generator's and image-to-image templates (also listed by the catalogue routes)
 * @param hair      the hair templates (also listed by the catalogue routes)
 */
public record EffectTable(Effects effects, GenerationRouter router, GenerationSettings generation,
        TemplateCatalogue templates, HairCatalogue hair) {

    /**
     * Every effect: local engines, the generator (this node's local generation among its providers), and the edits
     * through the generator, screened by {@code screen} (inputs of every effect, outputs of the generative ones).
     */
    public static EffectTable of(LocalEngines engines, GenerationSettings generation, ContentScreen screen) {
        GenerationRouter router = generation.router(List.of(engines.localGeneration()));
        TemplateCatalogue templates = TemplateCatalogue.standard();
        HairCatalogue hair = HairCatalogue.standard();
        List<Effect> all = new ArrayList<>(ScreenedEffect.inputs(local(engines), screen));
        all.addAll(ScreenedEffect.inputsAndOutputs(GeneratorEffects.all(router, generation, templates), screen));
        all.addAll(ScreenedEffect.inputsAndOutputs(edits(engines, router, hair), screen));
        return new EffectTable(new Effects(all), router, generation, templates, hair);
    }

    /** As the server builds it from these settings: what {@code atelier run} and {@code atelier doctor} use. */
    public static EffectTable of(LocalEngines engines, SettingsSource source) {
        return of(engines, GenerationSettings.from(source), ContentScreen.from(source, engines.nsfwClassification()));
    }

    /** Only the generator's own effects: what {@code atelier generate} needs, without the local engines. */
    public static EffectTable generators(GenerationSettings generation) {
        GenerationRouter router = generation.router();
        TemplateCatalogue templates = TemplateCatalogue.standard();
        return new EffectTable(new Effects(GeneratorEffects.all(router, generation, templates)), router, generation,
                templates, HairCatalogue.standard());
    }

    /** The effects that run on this node's engines alone. */
    private static List<Effect> local(LocalEngines engines) {
        Faces faces = new Faces(engines.faceDetection(), engines.faceLandmarks());
        return List.of(
                new EnhanceEffect(engines.upscaling()),
                new RemoveObjectEffect(engines.inpainting()),
                new ColorCorrectEffect(engines.colorCorrection()),
                new ColorizeEffect(engines.colorization()),
                new LightingEffect(engines.relighting()),
                new RemoveBackgroundEffect(engines.segmentation()),
                new BlurBackgroundEffect(engines.backgroundSegmentation()),
                new ReplaceBackgroundEffect(engines.backgroundSegmentation(), engines.localGeneration()),
                new FaceSwapPreProcessEffect(engines.faceDetection()),
                new FaceSwapEffect(faces),
                new MakeupTransferEffect(faces),
                new VideoEnhanceEffect(engines.upscaling(), VideoSettings.from(engines.settingsSource())));
    }

    /** The effects that edit a photo through the image generator (masked edits), face-aware or not. */
    private static List<Effect> edits(LocalEngines engines, GenerationRouter router, HairCatalogue hair) {
        MaskedEdit maskedEdit = new MaskedEdit(new Generator(router));
        Faces faces = new Faces(engines.faceDetection(), engines.faceLandmarks());
        List<Effect> out = new ArrayList<>();
        out.add(new ObjectReplaceEffect(maskedEdit));
        out.addAll(HairEffects.all(faces, engines.personSegmentation(), maskedEdit, hair));
        out.add(new AgingEffect(faces, engines.ageEstimation(), engines.personSegmentation(), maskedEdit));
        return out;
    }
}
