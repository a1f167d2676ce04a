package dev.atelier.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A call to any feature by its path, for features the typed API does not cover yet:
 * {@code client.task("enhance").source(Path.of("a.jpg")).param("scale", 2).run()}. Parameters go on the wire as
 * given (v2: flat fields; legacy: {@code actions[0].params}).
 */
public final class TaskCall extends EffectCall<TaskCall> {
    TaskCall(AtelierClient client, String feature) {
        super(client, feature);
    }

    @Override
    TaskCall self() {
        return this;
    }

    /** Adds a source image. */
    public TaskCall source(Input input) {
        sources.add(Objects.requireNonNull(input, "input"));
        return this;
    }

    /** Adds a local file as a source image. */
    public TaskCall source(Path file) {
        return source(Input.of(file));
    }

    /** Adds image bytes as a source image. */
    public TaskCall source(byte[] bytes) {
        return source(Input.of(bytes));
    }

    /** Adds a reference image ({@code ref_file_id} / {@code ref_ids}). */
    public TaskCall reference(Input input) {
        refs.add(Objects.requireNonNull(input, "input"));
        return this;
    }

    /** Sets the mask image ({@code msk_file_id} / {@code mask_ids}). */
    public TaskCall mask(Input input) {
        masks.clear();
        masks.add(Objects.requireNonNull(input, "input"));
        return this;
    }

    /** Sets one feature parameter; the value is anything Jackson writes as JSON (number, string, boolean, list, map). */
    public TaskCall param(String name, Object value) {
        params.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /** Sets several feature parameters. */
    public TaskCall params(Map<String, ?> values) {
        values.forEach(this::param);
        return this;
    }
}
