package dev.atelier.engines.diffusion;

import ai.onnxruntime.OrtEnvironment;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.onnx.OnnxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An installed diffusion bundle in the optimum ONNX layout: its tokenizer, scheduler config, VAE scaling factor and
 * native sample size, and its graphs. Runs are serialised by {@link #turn()} (one pipeline run per bundle at a time;
 * the others queue fairly), so the graphs and sessions are only touched by the run holding the turn.
 */
final class DiffusionBundle implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String id;
    final Path dir;
    final ClipTokenizer tokenizer;
    final SchedulerConfig schedulerConfig;
    final double scalingFactor;
    final int sampleSize;
    final Graph textEncoder;
    final Graph unet;
    final Graph vaeDecoder;
    /** Absent in text-to-image-only exports: image-to-image then says it needs one. */
    final Graph vaeEncoder;
    private final ReentrantLock turn = new ReentrantLock(true);
    private volatile long lastUsed = System.nanoTime();

    private DiffusionBundle(String id, Path dir) throws IOException {
        this.id = id;
        this.dir = dir;
        this.tokenizer = ClipTokenizer.load(dir.resolve("tokenizer"));
        this.schedulerConfig = SchedulerConfig.parse(Files.readString(dir.resolve("scheduler/scheduler_config.json")));
        JsonNode vae = config(dir.resolve("vae_decoder/config.json"));
        this.scalingFactor = vae.path("scaling_factor").asDouble(0.18215);
        this.sampleSize = vae.path("sample_size").asInt(512);
        this.textEncoder = new Graph("text_encoder", dir.resolve("text_encoder/model.onnx"));
        this.unet = new Graph("unet", dir.resolve("unet/model.onnx"));
        this.vaeDecoder = new Graph("vae_decoder", dir.resolve("vae_decoder/model.onnx"));
        Path encoder = dir.resolve("vae_encoder/model.onnx");
        this.vaeEncoder = Files.isRegularFile(encoder) ? new Graph("vae_encoder", encoder) : null;
    }

    /** Reads the bundle's small files (tokenizer, configs); graphs open on first use. */
    static DiffusionBundle open(String id, Path dir) {
        try {
            return new DiffusionBundle(id, dir);
        } catch (IOException | RuntimeException e) {
            throw new EngineException(Graph.ERROR, "diffusion bundle " + id + " (" + dir + ") cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode config(Path p) throws IOException {
        return Files.isRegularFile(p) ? JSON.readTree(Files.readString(p)) : JSON.readTree("{}");
    }

    List<Graph> graphs() {
        return vaeEncoder == null ? List.of(textEncoder, unet, vaeDecoder)
                : List.of(textEncoder, unet, vaeDecoder, vaeEncoder);
    }

    /** Opens a graph for a stage; in low-memory mode the caller closes it again right after. */
    Graph ready(Graph g, OnnxSettings settings) {
        g.open(OrtEnvironment.getEnvironment(), settings);
        return g;
    }

    /** Waits for this bundle's turn (fair: first come, first served), up to {@code timeoutNanos}. */
    boolean acquire(long timeoutNanos) throws InterruptedException {
        return turn.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    ReentrantLock turn() {
        return turn;
    }

    void release() {
        lastUsed = System.nanoTime();
        turn.unlock();
    }

    /** Closes the sessions when nobody ran the bundle for {@code idleNanos}; returns whether it did. */
    boolean closeIfIdle(long idleNanos) {
        if (System.nanoTime() - lastUsed < idleNanos || !turn.tryLock()) {
            return false;
        }
        try {
            boolean any = graphs().stream().anyMatch(Graph::isOpen);
            graphs().forEach(Graph::close);
            return any;
        } finally {
            turn.unlock();
        }
    }

    @Override
    public void close() {
        turn.lock();
        try {
            graphs().forEach(Graph::close);
        } finally {
            turn.unlock();
        }
    }
}
