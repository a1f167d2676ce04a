package dev.atelier.engines.testing;

import dev.atelier.engines.onnx.OnnxGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes tiny diffusion bundles in the optimum ONNX layout for tests, with the real tensor names, ranks and dtypes of
 * the optimum export: text encoder {@code input_ids} int32 [batch, 77] → {@code last_hidden_state} [batch, 77, width]
 * and {@code pooler_output}; UNet {@code sample} [batch, 4 or 9, h, w], {@code timestep} [batch] (int64 or float),
 * {@code encoder_hidden_states} [batch, 77, width], LCM's {@code timestep_cond} [batch, 256] → {@code out_sample};
 * VAE decoder {@code latent_sample} → {@code sample} (×8), VAE encoder {@code sample} → {@code latent_sample} (÷8).
 *
 * <p>Each graph is a small known function of its inputs, so tests can tell what reached it: the UNet predicts
 * {@code 0.5·sample[0..4) + 0.05·Σ other channels + mean(text) + 0.0005·t + 0.1·mean(timestep_cond)}; the text
 * encoder looks each token up in a fixed table ({@code sin(0.37·id + k) / 2}); the VAE decoder is a 1×1 convolution,
 * tanh and ×8 nearest upsampling; the encoder an 8×8 average pool and a 1×1 convolution. fp16 variants take and give
 * float16 at every float port (internally float32).
 */
public final class TinyDiffusion {
    private static final int VOCAB = 49408;
    private static final int CONTEXT = 77;

    private TinyDiffusion() {}

    /**
     * What varies between exports.
     *
     * @param textWidth 768 on SD 1.x, 1024 on SD 2.x; tiny here (8, 12)
     * @param batchOne the UNet's batch is fixed at 1 (guidance takes two calls per step)
     * @param schedulerConfig the {@code scheduler_config.json} text
     */
    public record Variant(boolean fp16, boolean floatTimestep, boolean guidanceInput, boolean inpainting, int textWidth,
            boolean batchOne, String schedulerConfig, int sampleSize) {

        /** LCM Dreamshaper's shape: fp32, int64 timestep, timestep_cond, LCM scheduler. */
        public static Variant lcmDreamshaper() {
            return new Variant(false, false, true, false, 8, false, LCM_CONFIG, 256);
        }

        /** An SD 1.5-like export: fp32, int64 timestep, PNDM config (run as DPM-Solver++ 2M), guidance. */
        public static Variant sd15() {
            return new Variant(false, false, false, false, 8, false, SD_CONFIG, 256);
        }

        public Variant withFp16(boolean on) {
            return new Variant(on, floatTimestep, guidanceInput, inpainting, textWidth, batchOne, schedulerConfig, sampleSize);
        }

        public Variant withFloatTimestep(boolean on) {
            return new Variant(fp16, on, guidanceInput, inpainting, textWidth, batchOne, schedulerConfig, sampleSize);
        }

        public Variant withInpainting(boolean on) {
            return new Variant(fp16, floatTimestep, guidanceInput, on, textWidth, batchOne, schedulerConfig, sampleSize);
        }

        public Variant withTextWidth(int w) {
            return new Variant(fp16, floatTimestep, guidanceInput, inpainting, w, batchOne, schedulerConfig, sampleSize);
        }

        public Variant withBatchOne(boolean on) {
            return new Variant(fp16, floatTimestep, guidanceInput, inpainting, textWidth, on, schedulerConfig, sampleSize);
        }

        public Variant withScheduler(String config) {
            return new Variant(fp16, floatTimestep, guidanceInput, inpainting, textWidth, batchOne, config, sampleSize);
        }
    }

    public static final String LCM_CONFIG = """
            {"_class_name": "LCMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "clip_sample": false, "num_train_timesteps": 1000, "original_inference_steps": 50,
             "prediction_type": "epsilon", "set_alpha_to_one": true, "steps_offset": 1, "timestep_spacing": "leading"}
            """;
    public static final String SD_CONFIG = """
            {"_class_name": "PNDMScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "set_alpha_to_one": false, "skip_prk_steps": true,
             "steps_offset": 1, "prediction_type": "epsilon", "timestep_spacing": "leading"}
            """;
    public static final String TURBO_CONFIG = """
            {"_class_name": "EulerDiscreteScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear",
             "beta_start": 0.00085, "num_train_timesteps": 1000, "prediction_type": "epsilon",
             "steps_offset": 1, "timestep_spacing": "trailing"}
            """;

    /** Writes the whole bundle under {@code dir} and returns it. */
    public static Path write(Path dir, Variant v) throws IOException {
        int f = v.fp16() ? OnnxGraph.FLOAT16 : OnnxGraph.FLOAT;
        write(dir.resolve("text_encoder/model.onnx"), textEncoder(v, f));
        write(dir.resolve("unet/model.onnx"), unet(v, f));
        write(dir.resolve("vae_decoder/model.onnx"), decoder(f));
        write(dir.resolve("vae_encoder/model.onnx"), encoder(f));
        Files.writeString(dir.resolve("vae_decoder/config.json"),
                "{\"scaling_factor\": 0.18215, \"sample_size\": " + v.sampleSize() + "}");
        Files.createDirectories(dir.resolve("scheduler"));
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), v.schedulerConfig());
        Files.createDirectories(dir.resolve("tokenizer"));
        StringBuilder vocab = new StringBuilder("{\"<|startoftext|>\": 49406, \"<|endoftext|>\": 49407, \"!\": 0");
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.append(", \"").append(c).append("\": ").append((int) c).append(", \"").append(c).append("</w>\": ")
                    .append((int) c + 256);
        }
        vocab.append(", \"ca\": 1000, \"cat</w>\": 1001, \"do\": 1002, \"dog</w>\": 1003}");
        Files.writeString(dir.resolve("tokenizer/vocab.json"), vocab);
        Files.writeString(dir.resolve("tokenizer/merges.txt"), "#version: 0.2\nc a\nca t</w>\nd o\ndo g</w>\n");
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\"}");
        return dir;
    }

    private static void write(Path p, byte[] model) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, model);
    }

    private static String toFloat(OnnxGraph g, String name, int type) {
        if (type == OnnxGraph.FLOAT) {
            return name;
        }
        String out = g.fresh(name + "_f32");
        g.node("Cast", List.of(name), List.of(out), "to", (long) OnnxGraph.FLOAT);
        return out;
    }

    private static void fromFloat(OnnxGraph g, String value, String output, int type) {
        g.node(type == OnnxGraph.FLOAT ? "Identity" : "Cast", List.of(value), List.of(output),
                type == OnnxGraph.FLOAT ? new Object[0] : new Object[] {"to", (long) type});
    }

    static byte[] textEncoder(Variant v, int f) {
        OnnxGraph g = new OnnxGraph();
        int w = v.textWidth();
        g.input("input_ids", new long[] {-1, CONTEXT}, OnnxGraph.INT32);
        float[] table = new float[VOCAB * w];
        for (int id = 0; id < VOCAB; id++) {
            for (int k = 0; k < w; k++) {
                table[id * w + k] = (float) (Math.sin(0.37 * id + k) / 2);
            }
        }
        g.floats("embeddings", table, VOCAB, w);
        g.node("Cast", List.of("input_ids"), List.of("ids64"), "to", (long) OnnxGraph.INT64);
        g.node("Gather", List.of("embeddings", "ids64"), List.of("hidden"), "axis", 0L);
        g.node("ReduceMean", List.of("hidden"), List.of("pooled"), "axes", new long[] {1}, "keepdims", 0L);
        fromFloat(g, "hidden", "last_hidden_state", f);
        fromFloat(g, "pooled", "pooler_output", f);
        g.output("last_hidden_state", new long[] {-1, CONTEXT, w}, f);
        g.output("pooler_output", new long[] {-1, w}, f);
        return g.build("atelier-tests");
    }

    static byte[] unet(Variant v, int f) {
        OnnxGraph g = new OnnxGraph();
        int channels = v.inpainting() ? 9 : 4;
        long batch = v.batchOne() ? 1 : -1;
        g.input("sample", new long[] {batch, channels, -1, -1}, f);
        g.input("timestep", new long[] {batch}, v.floatTimestep() ? f : OnnxGraph.INT64);
        g.input("encoder_hidden_states", new long[] {batch, CONTEXT, v.textWidth()}, f);
        if (v.guidanceInput()) {
            g.input("timestep_cond", new long[] {batch, 256}, f);
        }
        float[] weight = new float[4 * channels];
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < channels; i++) {
                weight[o * channels + i] = i == o ? 0.5f : i >= 4 ? 0.05f : 0f;
            }
        }
        g.floats("w", weight, 4, channels, 1, 1);
        g.longs("to4d", new long[] {-1, 1, 1, 1}, 4);
        g.floats("tscale", new float[] {0.0005f});
        g.floats("cscale", new float[] {0.1f});
        g.node("Conv", List.of(toFloat(g, "sample", f), "w"), List.of("mixed"));
        g.node("ReduceMean", List.of(toFloat(g, "encoder_hidden_states", f)), List.of("text_mean"), "axes",
                new long[] {1, 2}, "keepdims", 1L);
        g.node("Reshape", List.of("text_mean", "to4d"), List.of("text4"));
        String t = v.floatTimestep() ? toFloat(g, "timestep", f) : "t_f";
        if (!v.floatTimestep()) {
            g.node("Cast", List.of("timestep"), List.of("t_f"), "to", (long) OnnxGraph.FLOAT);
        }
        g.node("Reshape", List.of(t, "to4d"), List.of("t4"));
        g.node("Mul", List.of("t4", "tscale"), List.of("t_term"));
        g.node("Add", List.of("mixed", "text4"), List.of("sum1"));
        String sum = "sum2";
        g.node("Add", List.of("sum1", "t_term"), List.of(sum));
        if (v.guidanceInput()) {
            g.node("ReduceMean", List.of(toFloat(g, "timestep_cond", f)), List.of("c_mean"), "axes", new long[] {1},
                    "keepdims", 1L);
            g.node("Reshape", List.of("c_mean", "to4d"), List.of("c4"));
            g.node("Mul", List.of("c4", "cscale"), List.of("c_term"));
            g.node("Add", List.of(sum, "c_term"), List.of("sum3"));
            sum = "sum3";
        }
        fromFloat(g, sum, "out_sample", f);
        g.output("out_sample", new long[] {batch, 4, -1, -1}, f);
        return g.build("atelier-tests");
    }

    static byte[] decoder(int f) {
        OnnxGraph g = new OnnxGraph();
        g.input("latent_sample", new long[] {-1, 4, -1, -1}, f);
        g.floats("w", new float[] {0.6f, 0.2f, 0, 0.1f, 0, 0.6f, 0.2f, 0.1f, 0.2f, 0, 0.6f, 0.1f}, 3, 4, 1, 1);
        g.floats("scales", new float[] {1, 1, 8, 8}, 4);
        g.node("Conv", List.of(toFloat(g, "latent_sample", f), "w"), List.of("rgb"));
        g.node("Tanh", List.of("rgb"), List.of("bounded"));
        g.node("Resize", List.of("bounded", "", "scales"), List.of("big"), "mode", "nearest");
        fromFloat(g, "big", "sample", f);
        g.output("sample", new long[] {-1, 3, -1, -1}, f);
        return g.build("atelier-tests");
    }

    static byte[] encoder(int f) {
        OnnxGraph g = new OnnxGraph();
        g.input("sample", new long[] {-1, 3, -1, -1}, f);
        g.floats("w", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.3f, 0.3f, 0.3f}, 4, 3, 1, 1);
        g.node("AveragePool", List.of(toFloat(g, "sample", f)), List.of("pooled"), "kernel_shape",
                new long[] {8, 8}, "strides", new long[] {8, 8});
        g.node("Conv", List.of("pooled", "w"), List.of("z"));
        fromFloat(g, "z", "latent_sample", f);
        g.output("latent_sample", new long[] {-1, 4, -1, -1}, f);
        return g.build("atelier-tests");
    }
}
