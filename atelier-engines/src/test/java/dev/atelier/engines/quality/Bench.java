package dev.atelier.engines.quality;

import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.face.BlazeFaceDetection;
import dev.atelier.engines.models.ModelRegistry;
import dev.atelier.engines.onnx.OnnxHost;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.segmentation.IsnetSegmentation;
import dev.atelier.engines.testing.RealModels;
import dev.atelier.imaging.Image;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every quality section needs: the real photos, the background remover (ISNet fp16, whose mattes cut the objects
 * out) and the face detector (MediaPipe full range, which finds small faces), opened once; and where to leave the
 * pictures worth looking at ({@code bench/work/quality}).
 */
final class Bench implements AutoCloseable {
    static final String MATTE_MODEL = "isnet-fp16";
    static final String FACE_MODEL = "face-detection-full";

    private final ModelRegistry registry;
    private final OnnxHost host;
    private final IsnetSegmentation matting;
    private final BlazeFaceDetection faces;
    private final Map<String, Image> photos = new HashMap<>();
    private final Map<String, Image> mattes = new HashMap<>();
    final Path out;

    Bench(Path out) {
        this.out = out;
        this.registry = RealModels.registry();
        this.host = new OnnxHost(registry, OnnxSettings.defaults());
        RealModels.require(registry, MATTE_MODEL);
        RealModels.require(registry, FACE_MODEL);
        this.matting = new IsnetSegmentation(host, MATTE_MODEL);
        this.faces = new BlazeFaceDetection(host, FACE_MODEL);
    }

    Image photo(String name) {
        return photos.computeIfAbsent(name, RealModels::photo);
    }

    /** The background remover's matte of a photo (cached: the same object is cut out for several cases). */
    Image matte(String name) {
        return mattes.computeIfAbsent(name, n -> matte(photo(n)));
    }

    Image matte(Image img) {
        return matting.segment(img, Progress.none()).mask();
    }

    FaceDetection faceDetector() {
        return faces;
    }

    List<FaceDetection.Face> faces(Image img) {
        return faces.detect(img, Progress.none()).faces();
    }

    void save(Image img, String name) {
        Pictures.savePng(img, out.resolve(name + ".png"));
    }

    @Override
    public void close() {
        host.close();
        registry.close();
    }
}
