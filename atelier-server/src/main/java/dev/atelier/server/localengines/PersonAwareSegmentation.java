package dev.atelier.server.localengines;

import dev.atelier.engines.Availability;
import dev.atelier.engines.Engine;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.EngineKind;
import dev.atelier.engines.FaceDetection;
import dev.atelier.engines.Progress;
import dev.atelier.engines.Segmentation;
import dev.atelier.imaging.Image;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The matte of {@code bg-blur} and {@code bg-replace}: person segmentation (MediaPipe selfie) when the photo has a
 * face and the person model is installed — it follows hair and shoulders where a salient-object model may also keep
 * what the person holds or stands against — and salient-object segmentation (ISNet) otherwise. The result metadata
 * names the engine and why it was chosen ({@code engine_choice}).
 */
final class PersonAwareSegmentation implements Segmentation {
    private final Segmentation person;
    private final Segmentation salient;
    private final FaceDetection faces;

    PersonAwareSegmentation(Segmentation person, Segmentation salient, FaceDetection faces) {
        this.person = person;
        this.salient = salient;
        this.faces = faces;
    }

    @Override
    public String id() {
        return "person-aware-segmentation";
    }

    @Override
    public EngineKind kind() {
        return EngineKind.ONNX;
    }

    /** Available when the salient model is (it serves every photo), or at least portraits can be served. */
    @Override
    public Availability availability() {
        Availability s = salient.availability();
        if (s.isAvailable() || (person.availability().isAvailable() && faces.availability().isAvailable())) {
            return Availability.AVAILABLE;
        }
        return s;
    }

    @Override
    public List<Engine> members() {
        return List.of(person, salient, faces);
    }

    @Override
    public Result segment(Image source, Progress progress) {
        String why;
        if (!person.availability().isAvailable()) {
            why = person.id() + " is not installed (" + person.availability().describe() + ")";
        } else if (!faces.availability().isAvailable()) {
            why = "no face detector to tell portraits apart (" + faces.availability().describe() + ")";
        } else {
            FaceDetection.Result found = faces.detect(source, progress.slice(0, 0.1));
            if (!found.faces().isEmpty()) {
                Result r = person.segment(source, progress.slice(0.1, 1));
                return withChoice(r, found.faces().size() + " face(s) found by " + faces.id() + " (best score "
                        + String.format(Locale.ROOT, "%.2f", found.faces().getFirst().score())
                        + "): person segmentation");
            }
            why = "no face found by " + faces.id();
        }
        if (!salient.availability().isAvailable()) {
            throw new EngineException(dev.atelier.engines.EngineCode.ERROR_INFERENCE, why + ", and the salient-object model is not available: "
                    + salient.availability().describe());
        }
        return withChoice(salient.segment(source, progress.slice(0.1, 1)), why + ": salient-object segmentation");
    }

    private static Result withChoice(Result r, String why) {
        Map<String, String> m = new LinkedHashMap<>(r.metadata());
        m.put("engine_choice", why);
        return new Result(r.mask(), m);
    }
}
