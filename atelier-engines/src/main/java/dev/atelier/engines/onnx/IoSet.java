package dev.atelier.engines.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one run shape, over direct buffers that ONNX Runtime reads and writes in place; a {@link SessionSlot}
 * keeps a few of them between runs so the buffers are not allocated again.
 */
final class IoSet implements AutoCloseable {
    final String key;
    final Map<String, FloatBuffer> inputBuffers = new LinkedHashMap<>();
    final Map<String, OnnxTensor> inputTensors = new LinkedHashMap<>();
    final Map<String, FloatBuffer> outputBuffers = new LinkedHashMap<>();
    final Map<String, OnnxTensor> outputTensors = new LinkedHashMap<>();

    IoSet(String key, OrtEnvironment env, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        this.key = key;
        try {
            for (TensorSpec t : inputs) {
                FloatBuffer b = direct(t.elements());
                inputBuffers.put(t.name(), b);
                inputTensors.put(t.name(), OnnxTensor.createTensor(env, b, t.shape()));
            }
            for (TensorSpec t : outputs) {
                FloatBuffer b = direct(t.elements());
                outputBuffers.put(t.name(), b);
                outputTensors.put(t.name(), OnnxTensor.createTensor(env, b, t.shape()));
            }
        } catch (OrtException e) {
            close();
            throw new EngineException(EngineCode.ERROR_INFERENCE, "cannot allocate tensors " + key + ": " + e.getMessage(), e);
        }
    }

    private static FloatBuffer direct(int elements) {
        return ByteBuffer.allocateDirect(elements * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    Map<String, FloatBuffer> readViews() {
        Map<String, FloatBuffer> views = new LinkedHashMap<>();
        outputBuffers.forEach((name, b) -> views.put(name, b.asReadOnlyBuffer().clear()));
        return Collections.unmodifiableMap(views);
    }

    @Override
    public void close() {
        inputTensors.values().forEach(OnnxTensor::close);
        outputTensors.values().forEach(OnnxTensor::close);
    }
}
