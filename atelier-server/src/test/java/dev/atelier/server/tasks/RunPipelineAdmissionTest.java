package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.Progress;
import dev.atelier.engines.classical.ClassicalUpscaling;
import dev.atelier.imaging.Codecs;
import dev.atelier.imaging.DecodeLimits;
import dev.atelier.server.effects.enhance.EnhanceEffect;
import dev.atelier.server.memory.MemoryBudget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What the pipeline decides from the inputs' headers alone: a decode counter shows that a refused run never decoded
 * its input (issue 15: enhance's 8192 px output cap and the memory budget come before any decode).
 */
class RunPipelineAdmissionTest {
    private static final DecodeLimits LIMITS = new DecodeLimits(64_000_000, 10 << 20);

    /** A valid 4096² PNG of a few kilobytes (a smooth grey ramp). */
    static byte[] png4096() throws IOException {
        BufferedImage img = new BufferedImage(4096, 4096, BufferedImage.TYPE_BYTE_GRAY);
        byte[] row = new byte[4096];
        for (int x = 0; x < 4096; x++) {
            row[x] = (byte) (x >> 4);
        }
        for (int y = 0; y < 4096; y++) {
            img.getRaster().setDataElements(0, y, 4096, 1, row);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private final AtomicInteger decodes = new AtomicInteger();

    private RunPipeline pipeline(long budgetBytes) {
        return new RunPipeline(LIMITS, new MemoryBudget(budgetBytes), (bytes, limits) -> {
            decodes.incrementAndGet();
            return Codecs.decode(bytes, limits);
        });
    }

    private RunPipeline.Checked enhance(int scale) {
        return RunPipeline.check(new EnhanceEffect(new ClassicalUpscaling()), Map.of("scale", scale), "jpg",
                RunPipeline.Caller.SUBMIT);
    }

    private void run(RunPipeline pipeline, RunPipeline.Checked checked, byte[] input) throws IOException {
        pipeline.run(checked, List.of(input), List.of(), List.of(), (bytes, mask) -> bytes, Progress.none(),
                RunPipeline.Checkpoint.NONE);
    }

    @Test
    void timesFourOf4096IsRefusedFromTheHeaderWithoutDecoding() throws IOException {
        byte[] png = png4096();
        System.out.println("4096x4096 PNG: " + png.length + " bytes");
        assertThatThrownBy(() -> run(pipeline(1L << 40), enhance(4), png))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code())
                        .isEqualTo(EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE))
                .hasMessageContaining("16384 px on the long side; the limit is 8192");
        assertThat(decodes).as("decodes").hasValue(0);
    }

    @Test
    void aRunThatCanNeverFitTheBudgetFailsFastWithoutDecoding() throws IOException {
        byte[] png = png4096();
        assertThatThrownBy(() -> run(pipeline(64L << 20), enhance(1), png))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code())
                        .isEqualTo(EngineCode.ERROR_EXCEED_MAX_IMAGE_SIZE))
                .hasMessageContaining("MiB of working memory; this node has 64 MiB (ATELIER_TASK_MEMORY")
                .hasMessageContaining("give the server more memory");
        assertThat(decodes).as("decodes").hasValue(0);
    }

    @Test
    void aRunThatFitsIsDecodedOnceAndReturnsItsGrant() throws IOException {
        MemoryBudget budget = new MemoryBudget(1L << 30);
        RunPipeline p = new RunPipeline(LIMITS, budget, (bytes, limits) -> {
            decodes.incrementAndGet();
            assertThat(budget.used()).as("decoded while admitted").isPositive();
            return Codecs.decode(bytes, limits);
        });
        byte[] jpeg = dev.atelier.server.testing.TestImages.jpeg(64, 48);
        run(p, enhance(2), jpeg);
        assertThat(decodes).hasValue(1);
        assertThat(budget.used()).as("returned after encoding").isZero();
    }
}
