package dev.atelier.engines;

import dev.atelier.imaging.Image;
import java.util.Map;

/** Apparent age of a detected face, in years: the aging feature's starting point ({@code age} in its result). */
public interface AgeEstimation extends Engine {

    /**
     * The apparent age of {@code face} (from a {@link FaceDetection}) in {@code source}.
     *
     * @throws EngineException {@code error_inference} when the engine cannot run or fails
     */
    Result estimate(Image source, FaceDetection.Face face, Progress progress);

    /** @param age years, at least 0 */
    record Result(double age, Map<String, String> metadata) {
        public Result {
            metadata = Map.copyOf(metadata);
        }
    }
}
