package dev.atelier.imaging;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/**
 * Attaches an embedded ICC profile to a decoded picture whose reader ignored it (the JDK's PNG reader does), so
 * that {@link BufferedImages#toImage} converts it to sRGB. Profiles that are themselves sRGB are skipped: the
 * conversion would be an expensive identity.
 */
final class IccProfiles {
    private IccProfiles() {}

    static BufferedImage assign(BufferedImage decoded, byte[] profileBytes) {
        if (profileBytes == null || !decoded.getColorModel().getColorSpace().isCS_sRGB()) {
            return decoded;
        }
        ICC_Profile profile;
        try {
            profile = ICC_Profile.getInstance(profileBytes);
        } catch (IllegalArgumentException e) {
            return decoded; // an unreadable profile: show the pixels as sRGB, like browsers do
        }
        if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || isSrgb(profile)) {
            return decoded;
        }
        boolean alpha = decoded.getColorModel().hasAlpha();
        BufferedImage rgb = decoded;
        if (!(decoded.getColorModel() instanceof ComponentColorModel) || decoded.getRaster().getNumBands() < 3) {
            // Palette or grey-expanded pixels: lay them out as plain 8-bit RGB(A) first, values unchanged.
            rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(),
                    alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(decoded, 0, 0, null);
        }
        WritableRaster raster = rgb.getRaster();
        ComponentColorModel cm = new ComponentColorModel(new ICC_ColorSpace(profile), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, raster.getDataBuffer().getDataType());
        if (!cm.isCompatibleRaster(raster)) {
            return decoded;
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** {@code image} (8-bit precision is kept) converted from the embedded {@code profile} to sRGB; as is when none. */
    static Image convert(Image image, byte[] profile) {
        if (profile == null || image.channels() < 3) {
            return image;
        }
        BufferedImage tagged = assign(BufferedImages.toBufferedImage(image), profile);
        return tagged.getColorModel().getColorSpace().isCS_sRGB() ? image : BufferedImages.toImage(tagged);
    }

    /** True when the profile's description starts with "sRGB" (ASCII in a v2 'desc' tag, UTF-16 in a v4 'mluc'). */
    static boolean isSrgb(ICC_Profile profile) {
        return description(profile.getData(ICC_Profile.icSigProfileDescriptionTag)).strip().startsWith("sRGB");
    }

    private static String description(byte[] tag) {
        if (tag == null || tag.length < 12) {
            return "";
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tag);
        String type = new String(tag, 0, 4, StandardCharsets.ISO_8859_1);
        if (type.equals("desc")) {
            int count = b.getInt(8);
            int n = Math.max(0, Math.min(count, tag.length - 12));
            return new String(tag, 12, n, StandardCharsets.ISO_8859_1).replace("\0", "");
        }
        if (type.equals("mluc") && tag.length >= 28) {
            int length = b.getInt(20);
            int offset = b.getInt(24);
            if (offset >= 0 && length >= 0 && offset + length <= tag.length) {
                return new String(tag, offset, length, StandardCharsets.UTF_16BE);
            }
        }
        return "";
    }
}
