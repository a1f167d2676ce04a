package dev.atelier.engines.classical;

import dev.atelier.engines.ColorCorrection;
import dev.atelier.engines.Progress;
import dev.atelier.imaging.Image;
import dev.atelier.imaging.color.ColorCorrection.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Four classical white-balance and levels corrections: grey-world, white-patch, shades-of-grey, auto levels. */
public final class ClassicalColorCorrection extends ClassicalEngine implements ColorCorrection {
    @Override
    public String id() {
        return "classical-color-correction";
    }

    @Override
    public List<Variant> correct(Image source, Progress progress) {
        List<Variant> out = new ArrayList<>();
        Method[] methods = Method.values();
        for (int i = 0; i < methods.length; i++) {
            progress.report(i / (double) methods.length, "correcting: " + methods[i].name().toLowerCase(Locale.ROOT));
            out.add(new Variant(methods[i].name().toLowerCase(Locale.ROOT),
                    dev.atelier.imaging.color.ColorCorrection.correct(source, methods[i])));
        }
        progress.report(1.0, "corrected");
        return out;
    }
}
