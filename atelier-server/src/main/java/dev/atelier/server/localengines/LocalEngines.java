package dev.atelier.server.localengines;

import dev.atelier.engines.ColorCorrection;
import dev.atelier.engines.Colorization;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.AgeEstimation;
import dev.atelier.engines.face.OnnxAgeEstimation;
import dev.atelier.engines.FaceParsing;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Relighting;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.classical.ClassicalColorCorrection;
import dev.atelier.engines.classical.ClassicalInpainting;
import dev.atelier.engines.classical.ClassicalRelighting;
import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.engines.colorize.DDColorColorization;
import dev.atelier.engines.face.BiSeNetFaceParsing;
import dev.atelier.engines.face.BlazeFaceDetection;
import dev.atelier.engines.face.FaceMesh;
import dev.atelier.engines.inpaint.LamaInpainting;
import dev.atelier.engines.diffusion.LocalDiffusion;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.onnx.RemoteInferenceSettings;
import dev.atelier.engines.segmentation.FramedSegmentation;
import dev.atelier.engines.segmentation.IsnetSegmentation;
import dev.atelier.engines.segmentation.SelfieSegmentation;
import dev.atelier.engines.safety.NsfwClassification;
import dev.atelier.engines.superres.RealEsrganUpscaling;
import dev.atelier.server.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * The engines of this node that run here: classical ones (always available) and ONNX ones over the model registry
 * (available once their model is installed). Which model serves a capability is a setting.
 */
public final class LocalEngines implements AutoCloseable {
    private final ModelRegistry registry;
    private final OnnxHost onnx;
    private final Segmentation segmentation;
    private final FaceDetection faces;
    private final Upscaling upscaling;
    private final Inpainting inpainting;
    private final Colorization colorization;
    private final FaceParsing faceParsing;
    private final Segmentation backgroundSegmentation;
    private final FaceLandmarks landmarks;
    private final Segmentation person;
    private final AgeEstimation ages;
    private final LocalDiffusion localGeneration;
    private final NsfwClassification nsfw;
    private final dev.atelier.server.config.SettingsSource source;

    public LocalEngines(Settings settings) {
        this.source = settings.source();
        Map<String, String> env = settings.source().asMap();
        RegistrySettings registrySettings = RegistrySettings.fromEnvironment(env);
        this.registry = new ModelRegistry(settings.modelsDir(), ModelRegistry.manifests(env), registrySettings);
        OnnxSettings onnxSettings = OnnxSettings.fromEnvironment(env);
        this.onnx = new OnnxHost(registry, onnxSettings, RemoteInferenceSettings.fromEnvironment(env));
        this.segmentation = new IsnetSegmentation(onnx, env.getOrDefault("ATELIER_SEGMENTATION_MODEL", "isnet-fp16"));
        this.faces = new BlazeFaceDetection(onnx, env.getOrDefault("ATELIER_FACE_MODEL", "blazeface-back"));
        Upscaling realEsrgan = new RealEsrganUpscaling(onnx,
                env.getOrDefault("ATELIER_SUPER_RESOLUTION_MODEL", "real-esrgan-x4"), superResolutionScale(env));
        List<Upscaling> x4 = npmEsrgan(onnx, realEsrgan, 4);
        List<Upscaling> x2 = new java.util.ArrayList<>(x4);
        x2.addAll(npmEsrgan(onnx, realEsrgan, 2).subList(1, 3));
        this.upscaling = new PreferredUpscaling(x2, x4, new ClassicalUpscaling());
        this.inpainting = new PreferredInpainting(List.of(new LamaInpainting(onnx,
                env.getOrDefault("ATELIER_INPAINTING_MODEL", "lama-fp32"))), new ClassicalInpainting(faces));
        this.colorization = new DDColorColorization(onnx, env.getOrDefault("ATELIER_COLORIZE_MODEL", "ddcolor-tiny"));
        this.faceParsing = new BiSeNetFaceParsing(onnx,
                env.getOrDefault("ATELIER_FACE_PARSING_MODEL", "bisenet-resnet34"));
        this.backgroundSegmentation = new PersonAwareSegmentation(new SelfieSegmentation(onnx,
                env.getOrDefault("ATELIER_PERSON_SEGMENTATION_MODEL", "selfie-segmentation")),
                new FramedSegmentation(segmentation), faces);
        this.landmarks = new FaceMesh(onnx);
        this.person = new SelfieSegmentation(onnx,
                env.getOrDefault("ATELIER_PERSON_SEGMENTATION_MODEL", "selfie-segmentation"));
        this.ages = new OnnxAgeEstimation(onnx, env.getOrDefault("ATELIER_AGE_MODEL", "age-ssrnet"));
        this.nsfw = new NsfwClassification(onnx, env.getOrDefault("ATELIER_NSFW_MODEL", "nsfw-mobilenet-v2"));
        this.localGeneration = new LocalDiffusion(registry, onnxSettings, upscaling,
                Boolean.parseBoolean(env.getOrDefault("ATELIER_DIFFUSION_LOW_MEMORY", "false").strip()));
    }

    /** The {@code local} image generation provider over the installed diffusion bundles. */
    public LocalDiffusion localGeneration() {
        return localGeneration;
    }

    /**
     * The super-resolution models for one factor, best first: the configured Real-ESRGAN model (when an operator can
     * install it), then the npm ESRGAN models at that native factor, medium before slim (bench/README.md compares
     * them). For ×2 the ×4 models come first, their output shrunk ×2: on real photos that beats both the ×2 models
     * and plain Lanczos, which the ×2 models do not (bench/README.md, "×2: which engine").
     */
    private static List<Upscaling> npmEsrgan(OnnxHost onnx, Upscaling realEsrgan, int scale) {
        return List.of(realEsrgan, new RealEsrganUpscaling(onnx, "esrgan-medium-x" + scale, scale),
                new RealEsrganUpscaling(onnx, "esrgan-slim-x" + scale, scale));
    }

    private static int superResolutionScale(Map<String, String> env) {
        String v = env.getOrDefault("ATELIER_SUPER_RESOLUTION_SCALE", "4").strip();
        try {
            int scale = Integer.parseInt(v);
            if (scale >= 1) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("ATELIER_SUPER_RESOLUTION_SCALE must be the model's native factor, a"
                + " positive integer such as 4; got '" + v + "'");
    }

    /** The settings these engines were made from, for effects that read their own (video limits). */
    public dev.atelier.server.config.SettingsSource settingsSource() {
        return source;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** Super-resolution model when installed, classical otherwise (chosen per run). */
    public Upscaling upscaling() {
        return upscaling;
    }

    /** Inpainting model when installed, classical otherwise (chosen per run). */
    public Inpainting inpainting() {
        return inpainting;
    }

    /** A colorization model; there is no classical colorizer, so {@code colorize} needs one installed. */
    public Colorization colorization() {
        return colorization;
    }

    /** Face parsing into CelebAMask-HQ regions (hair, skin, lips, eyes, ...). */
    public FaceParsing faceParsing() {
        return faceParsing;
    }

    public ColorCorrection colorCorrection() {
        return new ClassicalColorCorrection();
    }

    public Relighting relighting() {
        return new ClassicalRelighting();
    }

    public Segmentation segmentation() {
        return segmentation;
    }

    /** The matte of background blur and replacement: person segmentation for portraits, salient otherwise. */
    public Segmentation backgroundSegmentation() {
        return backgroundSegmentation;
    }

    public FaceDetection faceDetection() {
        return faces;
    }

    public FaceLandmarks faceLandmarks() {
        return landmarks;
    }

    /** People rather than salient objects (MediaPipe selfie segmentation): the hair features' person mask. */
    public Segmentation personSegmentation() {
        return person;
    }

    /** The aging feature's age model: {@code ATELIER_AGE_MODEL}, by default the pinned {@code age-ssrnet}. */
    public AgeEstimation ageEstimation() {
        return ages;
    }

    /** The NSFW classifier the content screen uses (available once its model is installed). */
    public NsfwClassification nsfwClassification() {
        return nsfw;
    }

    @Override
    public void close() {
        localGeneration.close();
        onnx.close();
        registry.close();
    }
}
