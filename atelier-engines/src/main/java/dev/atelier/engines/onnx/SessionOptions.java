package dev.atelier.engines.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime options every session of this node is made with, from {@link OnnxSettings}: one place for the
 * host's models and the diffusion bundles' graphs alike. CUDA is added when asked and present; otherwise the session
 * runs on the CPU and {@link #deviceNote()} says why.
 *
 * @param options    the options; close them once the session is created
 * @param device     where the session will run
 * @param deviceNote empty, or why CUDA was asked for and not used
 */
public record SessionOptions(OrtSession.SessionOptions options, Device device, String deviceNote)
        implements AutoCloseable {

    public static SessionOptions of(OnnxSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            // PARALLEL costs 1.6-2x on 2 cores (MODELS.md).
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(switch (settings.optimization()) {
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            options.setCPUArenaAllocator(settings.cpuArena());
            options.setMemoryPatternOptimization(settings.memoryPattern());
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (!settings.useCuda()) {
                return new SessionOptions(options, Device.CPU, "");
            }
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                return new SessionOptions(options, Device.CPU,
                        "CUDA requested but this ONNX Runtime build has no CUDA provider (build with -Pgpu); ran on CPU");
            }
            try {
                options.addCUDA(0);
                return new SessionOptions(options, Device.CUDA, "");
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                return new SessionOptions(options, Device.CPU,
                        "CUDA requested but it failed to load (" + e.getMessage() + "); ran on CPU");
            }
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    @Override
    public void close() {
        options.close();
    }
}
