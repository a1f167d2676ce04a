package dev.atelier.imaging.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import dev.atelier.imaging.Image;
import dev.atelier.imaging.Orientation;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded FFmpeg frames to {@link Image}s: YUV (any layout the decoder gives) to packed RGB to planar float
 * ({@link YuvFrames} goes the other way, for the encoder), with the colour matrix the frame is tagged with (BT.601
 * for SD, BT.709 for HD when untagged), and
 * rotation applied in pixels so the output needs no display matrix.
 */
final class RgbFrames implements AutoCloseable {
    private final int width;
    private final int height;
    private final BytePointer rgb;
    private final byte[] bytes;
    private final PointerPointer<BytePointer> packed;
    private final IntPointer packedStride;
    private SwsContext sws;
    private int swsFormat = -1;

    RgbFrames(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new BytePointer((long) width * height * 3);
        this.bytes = new byte[width * height * 3];
        this.packed = packedPlanes(rgb);
        this.packedStride = new IntPointer(new int[] {width * 3, 0, 0, 0});
    }

    /** swscale reads four plane pointers and strides even for packed RGB: unused ones must be null/0. */
    static PointerPointer<BytePointer> packedPlanes(BytePointer rgb) {
        PointerPointer<BytePointer> p = new PointerPointer<>(4);
        p.put(0, rgb);
        return p;
    }

    /** Whether a frame of this height is HD: untagged HD video is BT.709, untagged SD is BT.601 (as players assume). */
    static boolean hd(int height) {
        return height >= 720;
    }

    /** The decoded frame as an Image, turned clockwise by {@code rotation} degrees. */
    Image toImage(AVFrame frame, int rotation) {
        if (sws == null || swsFormat != frame.format()) {
            if (sws != null) {
                sws_freeContext(sws);
            }
            sws = sws_getContext(width, height, frame.format(), width, height, AV_PIX_FMT_RGB24, SWS_BICUBIC, null,
                    null, (DoublePointer) null);
            if (sws == null) {
                throw new VideoException(VideoError.CORRUPT, "no converter from pixel format " + frame.format());
            }
            swsFormat = frame.format();
            boolean bt709 = frame.colorspace() == AVCOL_SPC_BT709 || (frame.colorspace() == AVCOL_SPC_UNSPECIFIED && hd(height));
            IntPointer coefficients = sws_getCoefficients(bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601);
            int srcRange = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
            sws_setColorspaceDetails(sws, coefficients, srcRange, coefficients, 1, 0, 1 << 16, 1 << 16);
        }
        sws_scale(sws, frame.data(), frame.linesize(), 0, height, packed, packedStride);
        rgb.get(bytes);
        return Orientation.rotateClockwise(fromRgb(bytes, width, height), rotation);
    }

    static Image fromRgb(byte[] rgb, int w, int h) {
        Image img = Image.create(w, h, 3);
        float[] r = img.plane(0);
        float[] g = img.plane(1);
        float[] b = img.plane(2);
        for (int i = 0, j = 0; i < r.length; i++, j += 3) {
            r[i] = (rgb[j] & 0xff) * (1f / 255f);
            g[i] = (rgb[j + 1] & 0xff) * (1f / 255f);
            b[i] = (rgb[j + 2] & 0xff) * (1f / 255f);
        }
        return img;
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
        }
        rgb.deallocate();
    }
}
