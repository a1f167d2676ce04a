package dev.atelier.server.credits;

import java.time.Instant;

/**
 * What one finished task used: the row behind usage reports and audits. Successful tasks are charged; failed ones
 * are recorded with their error code, no units and no cost.
 *
 * @param id         numeric, increasing with time (pagination cursor)
 * @param engine     engine id from the task's metadata, or null
 * @param model      model from the task's metadata, or null
 * @param provider   remote provider from the task's metadata, or null for local engines
 * @param units      hundredths of a unit charged (also recorded for unlimited keys)
 * @param costMicros upstream provider cost in millionths of a dollar when the engine reported one, else null
 * @param queueMs    time from submit to start, or null
 * @param runMs      time the worker spent, or null
 * @param width      width of the first output image, or null
 * @param height     height of the first output image, or null
 * @param outputs    number of output images
 * @param sourceIp   client address at submit, or null
 * @param status     {@value #SUCCESS} or {@value #ERROR}
 * @param errorCode  the engine error code of a failed task, else null
 */
public record UsageRecord(
        long id,
        String taskId,
        String keyId,
        String feature,
        String engine,
        String model,
        String provider,
        long units,
        Long costMicros,
        Long queueMs,
        Long runMs,
        Integer width,
        Integer height,
        int outputs,
        String sourceIp,
        Instant createdAt,
        Instant settledAt,
        String status,
        String errorCode) {
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";
}
