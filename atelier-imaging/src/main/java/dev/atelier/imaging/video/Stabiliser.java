package dev.atelier.imaging.video;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.metrics.Metrics;

/**
 * A motion-adaptive temporal filter for per-frame enhancement: where the input did not change between two frames,
 * the output moves only part of the way towards the new enhanced frame, so an enhancer's small frame-to-frame
 * differences (from codec noise it sharpens, or adaptive steps) do not flicker; where the input changed, the new
 * frame is taken as it is, so motion does not smear.
 *
 * <p>Per output pixel, the input's luma change {@code d} at the matching input pixel sets the blend {@code k}: 
 * {@link #STILL_BLEND} below {@link #STILL} (3/255), 1 above {@link #MOVING} (10/255), linear between; the output is
 * {@code prev + k·(new − prev)}, written over the new frame (the filter's own fresh image). It runs in frame order,
 * one frame at a time (it holds the previous input and output only).
 */
public final class Stabiliser implements Transcoder.FrameStage {
    static final float STILL = 3f / 255f;
    static final float MOVING = 10f / 255f;
    static final float STILL_BLEND = 0.25f;

    private float[] previousLuma;
    private Image previousOut;
    private int[] columns;
    private int columnsFrom;

    @Override
    public Image apply(Image input, Image output) {
        float[] luma = Metrics.luma(input);
        if (previousOut == null || previousOut.width() != output.width()
                || previousOut.height() != output.height() || previousLuma.length != luma.length) {
            previousLuma = luma;
            previousOut = output;
            return output;
        }
        int iw = input.width();
        int ih = input.height();
        int ow = output.width();
        int oh = output.height();
        float[] blend = new float[iw * ih];
        for (int i = 0; i < blend.length; i++) {
            float d = Math.abs(luma[i] - previousLuma[i]);
            blend[i] = d <= STILL ? STILL_BLEND
                    : d >= MOVING ? 1f : STILL_BLEND + (1 - STILL_BLEND) * (d - STILL) / (MOVING - STILL);
        }
        if (columns == null || columns.length != ow || columnsFrom != iw) {
            columns = new int[ow];
            for (int x = 0; x < ow; x++) {
                columns[x] = Math.min(iw - 1, (int) ((long) x * iw / ow));
            }
            columnsFrom = iw;
        }
        // Blended into the filter's fresh output in place: no second full-size frame per frame (20 MB at 960p).
        Image result = output;
        float[] k = new float[ow];
        for (int y = 0; y < oh; y++) {
            int row = Math.min(ih - 1, (int) ((long) y * ih / oh)) * iw;
            for (int x = 0; x < ow; x++) {
                k[x] = blend[row + columns[x]];
            }
            int base = y * ow;
            for (int c = 0; c < output.channels(); c++) {
                float[] now = output.plane(c);
                float[] before = previousOut.plane(c);
                for (int x = 0; x < ow; x++) {
                    int i = base + x;
                    now[i] = before[i] + k[x] * (now[i] - before[i]);
                }
            }
        }
        previousLuma = luma;
        previousOut = result;
        return result;
    }

    /** For result metadata. */
    public String describe() {
        return "motion-adaptive temporal filter: still areas (luma change <= 3/255) take 25% of each new frame";
    }
}
