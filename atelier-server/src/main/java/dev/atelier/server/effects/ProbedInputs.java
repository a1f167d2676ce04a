package dev.atelier.server.effects;

import dev.atelier.imaging.ImageInfo;
import java.util.List;

/** What the headers of one run's inputs say, read before anything is decoded. */
public record ProbedInputs(List<ImageInfo> sources, List<ImageInfo> refs, List<ImageInfo> masks) {
    /** Bytes of one decoded picture: planar float, 3 colour planes and alpha when the file has it. */
    public static long decodedBytes(ImageInfo info) {
        return info.pixelCount() * (info.hasAlpha() ? 4 : 3) * Float.BYTES;
    }

    /** Bytes of every input decoded (a mask is decoded in colour before it becomes one plane). */
    public long decodedBytes() {
        long sum = 0;
        for (List<ImageInfo> list : List.of(sources, refs, masks)) {
            for (ImageInfo info : list) {
                sum += decodedBytes(info);
            }
        }
        return sum;
    }

    public ImageInfo source() {
        return sources.getFirst();
    }
}
