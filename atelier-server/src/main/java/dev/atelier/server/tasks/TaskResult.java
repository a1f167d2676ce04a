package dev.atelier.server.tasks;

import java.util.List;
import java.util.Map;

/**
 * What a successful task produced: result files (their ids are the {@code dst_id}s) with per-output extras, and
 * metadata about how they were made (engine, model, device, timings).
 */
public record TaskResult(List<Output> outputs, Map<String, Object> metadata) {
    public record Output(String fileId, String format, int width, int height, Map<String, Object> extras) {}
}
