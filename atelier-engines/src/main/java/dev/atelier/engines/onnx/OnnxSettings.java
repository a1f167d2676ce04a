package dev.atelier.engines.onnx;

import dev.atelier.engines.config.SettingValues;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * How the ONNX host uses the machine.
 *
 * @param intraOpThreads threads one inference uses; env {@code ATELIER_ONNX_THREADS}, default the available processors
 * @param idleTimeout a session unused this long is closed and its memory returned; env {@code
 *     ATELIER_ONNX_IDLE} (old name {@code ATELIER_ONNX_IDLE_SECONDS}), default 10m
 * @param memoryBudgetBytes working memory all concurrent inferences may claim together (each claims its model's
 *     {@code runMemoryMb} plus its tensors); env {@code ATELIER_ONNX_MEMORY} (old name {@code ATELIER_ONNX_MEMORY_MB}, bare numbers in MiB), default 3072MB. A run larger than
 *     the whole budget runs alone.
 * @param perModelConcurrency inferences one model runs at once; env {@code ATELIER_ONNX_MODEL_CONCURRENCY}, default 1
 *     (one inference already uses every intra-op thread)
 * @param queueTimeout how long a run waits for its turn before failing; env {@code ATELIER_ONNX_QUEUE_TIMEOUT} (old
 *     name {@code ATELIER_ONNX_QUEUE_SECONDS}), default 5m
 * @param useCuda try the CUDA execution provider (needs the GPU jar, CUDA 12 and cuDNN 9); env {@code ATELIER_ONNX_CUDA}
 *     = {@code true}, default false. When it fails to load, the run happens on CPU and {@link RunInfo} says why.
 * @param cpuArena ORT's CPU memory arena; env {@code ATELIER_ONNX_CPU_ARENA}, default false: the arena keeps the peak
 *     of every run resident (ISNet in a loop reached 2.5 GB with it) for little speed
 * @param memoryPattern ORT's memory pattern planning (one pre-planned block for all intermediate tensors); env {@code
 *     ATELIER_ONNX_MEMORY_PATTERN}, default false: without it ISNet's peak resident memory is about 300 MiB lower
 *     (bench/README.md)
 * @param optimization ONNX Runtime's graph optimisation level; env {@code ATELIER_ONNX_OPTIMIZATION} = {@code basic},
 *     {@code extended} or {@code all}, default {@code all}
 */
public record OnnxSettings(
        int intraOpThreads,
        Duration idleTimeout,
        long memoryBudgetBytes,
        int perModelConcurrency,
        Duration queueTimeout,
        boolean useCuda,
        boolean cpuArena,
        boolean memoryPattern,
        Optimization optimization) {

    /**
     * ONNX Runtime's graph optimisation level. {@code ALL} adds layout optimisations (weights re-packed for the
     * NCHWc kernels) that keep a second, re-packed copy of the convolution weights resident.
     */
    public enum Optimization {
        BASIC, EXTENDED, ALL;

        static Optimization parse(String v) {
            try {
                return valueOf(v.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ATELIER_ONNX_OPTIMIZATION must be basic, extended or all, got '"
                        + v + "'", e);
            }
        }
    }

    public OnnxSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1");
        }
        if (perModelConcurrency < 1) {
            throw new IllegalArgumentException("perModelConcurrency must be at least 1");
        }
        if (memoryBudgetBytes < 1 << 20) {
            throw new IllegalArgumentException("memoryBudgetBytes must be at least 1 MiB");
        }
        java.util.Objects.requireNonNull(optimization, "optimization");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static OnnxSettings defaults() {
        return fromEnvironment(Map.of());
    }

    public static OnnxSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static OnnxSettings fromEnvironment(Map<String, String> env) {
        SettingValues v = SettingValues.of(env);
        return new OnnxSettings(
                intOf(env, "ATELIER_ONNX_THREADS", Runtime.getRuntime().availableProcessors()),
                v.duration("ATELIER_ONNX_IDLE", "ATELIER_ONNX_IDLE_SECONDS", ChronoUnit.SECONDS, Duration.ofMinutes(10)),
                v.bytes("ATELIER_ONNX_MEMORY", "ATELIER_ONNX_MEMORY_MB", 1L << 20, 3072L << 20),
                intOf(env, "ATELIER_ONNX_MODEL_CONCURRENCY", 1),
                v.duration("ATELIER_ONNX_QUEUE_TIMEOUT", "ATELIER_ONNX_QUEUE_SECONDS", ChronoUnit.SECONDS,
                        Duration.ofMinutes(5)),
                Boolean.parseBoolean(env.getOrDefault("ATELIER_ONNX_CUDA", "false")),
                Boolean.parseBoolean(env.getOrDefault("ATELIER_ONNX_CPU_ARENA", "false")),
                Boolean.parseBoolean(env.getOrDefault("ATELIER_ONNX_MEMORY_PATTERN", "false")),
                Optimization.parse(env.getOrDefault("ATELIER_ONNX_OPTIMIZATION", "all")));
    }

    private static int intOf(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
        }
    }

    public OnnxSettings withIntraOpThreads(int n) {
        return new OnnxSettings(n, idleTimeout, memoryBudgetBytes, perModelConcurrency, queueTimeout, useCuda, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withIdleTimeout(Duration d) {
        return new OnnxSettings(intraOpThreads, d, memoryBudgetBytes, perModelConcurrency, queueTimeout, useCuda, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withMemoryBudgetBytes(long b) {
        return new OnnxSettings(intraOpThreads, idleTimeout, b, perModelConcurrency, queueTimeout, useCuda, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withPerModelConcurrency(int n) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, n, queueTimeout, useCuda, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withQueueTimeout(Duration d) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, perModelConcurrency, d, useCuda, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withCuda(boolean on) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, perModelConcurrency, queueTimeout, on, cpuArena, memoryPattern, optimization);
    }

    public OnnxSettings withMemoryPattern(boolean on) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, perModelConcurrency, queueTimeout, useCuda, cpuArena, on, optimization);
    }

    public OnnxSettings withOptimization(Optimization o) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, perModelConcurrency, queueTimeout, useCuda, cpuArena, memoryPattern, o);
    }

    public OnnxSettings withCpuArena(boolean on) {
        return new OnnxSettings(intraOpThreads, idleTimeout, memoryBudgetBytes, perModelConcurrency, queueTimeout, useCuda, on, memoryPattern, optimization);
    }
}
