package dev.atelier.client;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful task: its output files ({@code dst_id} and a signed URL, valid 2 h on Atelier) and
 * how they were made ({@link #metadata()}), with helpers to download them or chain them into the next task.
 */
public final class TaskResult {
    /**
     * One output file.
     *
     * @param dstId  the result's file id: pass {@link Input#fileId(String)} of it to chain tasks without uploading
     * @param url    a signed download URL
     * @param extras any other fields the server listed for this output
     */
    public record Output(String dstId, String url, Map<String, Object> extras) {}

    private final AtelierClient client;
    private final String taskId;
    private final String feature;
    private final List<Output> outputs;
    private final Map<String, Object> metadata;

    TaskResult(AtelierClient client, String taskId, String feature, List<Output> outputs, Map<String, Object> metadata) {
        this.client = client;
        this.taskId = taskId;
        this.feature = feature;
        this.outputs = List.copyOf(outputs);
        this.metadata = metadata;
    }

    /** The task's id. */
    public String taskId() {
        return taskId;
    }

    /** The feature that ran, e.g. {@code enhance}. */
    public String feature() {
        return feature;
    }

    /** Every output, in the server's order (most features have one). */
    public List<Output> outputs() {
        return outputs;
    }

    /** The first output's {@code dst_id}. */
    public String dstId() {
        return first().dstId();
    }

    /** The first output's signed URL. */
    public String url() {
        return first().url();
    }

    /** How the result was made (engine, timings, ...) as the server reported it; empty when it did not. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * The faces Face Swap pre-process found, left to right (the index is what face swaps name); empty for other
     * features.
     */
    public List<Face> faces() {
        List<Face> out = new java.util.ArrayList<>();
        if (outputs.isEmpty() || !(outputs.getFirst().extras().get("faces") instanceof List<?> faces)) {
            return out;
        }
        for (Object f : faces) {
            if (f instanceof Map<?, ?> m && m.get("bbox") instanceof List<?> box && box.size() == 4) {
                int x1 = ((Number) box.get(0)).intValue();
                int y1 = ((Number) box.get(1)).intValue();
                int x2 = ((Number) box.get(2)).intValue();
                int y2 = ((Number) box.get(3)).intValue();
                double score = m.get("score") instanceof Number n ? n.doubleValue() : Double.NaN;
                out.add(new Face(x1, y1, x2 - x1, y2 - y1, score));
            }
        }
        return List.copyOf(out);
    }

    /** The first output as the input of another task. */
    public Input asInput() {
        return Input.fileId(dstId());
    }

    /** Downloads the first output's bytes. */
    public byte[] download() {
        return download(first());
    }

    /** Downloads one output's bytes (with the client's retry policy). */
    public byte[] download(Output output) {
        return client.download(output.url());
    }

    /**
     * Downloads the first output into {@code target} (replacing it) and returns {@code target}.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public Path downloadTo(Path target) {
        return AtomicWrite.write(target, download());
    }

    private Output first() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("task " + taskId + " succeeded without outputs");
        }
        return outputs.getFirst();
    }

    @Override
    public String toString() {
        return "TaskResult[" + taskId + ", " + feature + ", " + outputs.stream().map(Output::dstId).toList() + "]";
    }

    static URI uri(String url) {
        return URI.create(url);
    }
}
