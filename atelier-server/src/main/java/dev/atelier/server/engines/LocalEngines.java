package dev.atelier.server.engines;

import dev.atelier.engines.ColorCorrection;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.FaceLandmarks;
import dev.atelier.engines.Inpainting;
import dev.atelier.engines.Relighting;
import dev.atelier.engines.Segmentation;
import dev.atelier.engines.Upscaling;
import dev.atelier.engines.classical.ClassicalColorCorrection;
import dev.atelier.engines.classical.ClassicalInpainting;
import dev.atelier.engines.classical.ClassicalRelighting;
import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.engines.face.BlazeFaceDetection;
import dev.atelier.engines.face.FaceMesh;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.models.RegistrySettings;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.segmentation.IsnetSegmentation;
import dev.atelier.engines.segmentation.SelfieSegmentation;
import dev.atelier.server.config.Settings;

/**
 * The engines of this node that run here: classical ones (always available) and ONNX ones over the model registry
 * (available once their model is installed). Which model serves a capability is a setting.
 */
public final class LocalEngines implements AutoCloseable {
    private final ModelRegistry registry;
    private final OnnxHost onnx;
    private final Segmentation segmentation;
    private final FaceDetection faces;
    private final FaceLandmarks landmarks;
    private final Segmentation person;

    public LocalEngines(Settings settings) {
        RegistrySettings registrySettings = RegistrySettings.fromEnvironment(settings.source().asMap());
        this.registry = new ModelRegistry(settings.modelsDir(), registrySettings);
        this.onnx = new OnnxHost(registry, OnnxSettings.fromEnvironment(settings.source().asMap()));
        this.segmentation = new IsnetSegmentation(onnx,
                settings.source().asMap().getOrDefault("ATELIER_SEGMENTATION_MODEL", "isnet-fp16"));
        this.faces = new BlazeFaceDetection(onnx,
                settings.source().asMap().getOrDefault("ATELIER_FACE_MODEL", "blazeface-back"));
        this.landmarks = new FaceMesh(onnx);
        this.person = new SelfieSegmentation(onnx, "selfie-segmentation");
    }

    public ModelRegistry registry() {
        return registry;
    }

    public Upscaling upscaling() {
        return new ClassicalUpscaling();
    }

    public Inpainting inpainting() {
        return new ClassicalInpainting();
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

    @Override
    public void close() {
        onnx.close();
        registry.close();
    }
}
