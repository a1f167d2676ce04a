package dev.atelier.engines.diffusion;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.atelier.engines.EngineCode;
import dev.atelier.engines.EngineException;
import dev.atelier.engines.onnx.Device;
import dev.atelier.engines.onnx.OnnxSettings;
import dev.atelier.engines.onnx.SessionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One graph of a bundle (text encoder, UNet, VAE decoder or encoder) with the ports its ONNX Runtime session declares:
 * names, element types (float32, float16, int32, int64, double) and shapes, -1 where free. Values cross in and out as
 * float arrays and are converted to and from the declared type here, so the pipeline never depends on one export's
 * dtypes. The session is opened on first use and may be closed between runs (low-memory mode, idle). Not thread-safe:
 * the bundle runs one pipeline at a time.
 */
final class Graph implements AutoCloseable {
    /** What every failure of a bundle's graphs is to the client: the model could not run. */
    static final EngineCode ERROR = EngineCode.ERROR_INFERENCE;

    /** One declared input or output. */
    record Port(String name, OnnxJavaType type, long[] shape) {
        int rank() {
            return shape.length;
        }

        /** The declared dimension, or -1 when the graph leaves it free. */
        long dim(int i) {
            return i < shape.length ? shape[i] : -1;
        }
    }

    /** A value fed to one input: its elements and shape (converted to the port's type when fed). */
    record Feed(float[] values, long[] shape) {}

    private final String component;
    private final Path path;
    private OrtSession session;
    private Device device = Device.CPU;
    private String deviceNote = "";
    private Map<String, Port> inputs = Map.of();
    private Map<String, Port> outputs = Map.of();

    Graph(String component, Path path) {
        this.component = component;
        this.path = path;
    }

    String component() {
        return component;
    }

    boolean isOpen() {
        return session != null;
    }

    Device device() {
        return device;
    }

    String deviceNote() {
        return deviceNote;
    }

    /** Opens the session (once) and reads its ports. */
    void open(OrtEnvironment env, OnnxSettings settings) {
        if (session != null) {
            return;
        }
        try (SessionOptions options = SessionOptions.of(settings)) {
            device = options.device();
            deviceNote = options.deviceNote();
            session = env.createSession(path.toString(), options.options());
            inputs = ports(session.getInputInfo());
            outputs = ports(session.getOutputInfo());
        } catch (OrtException e) {
            session = null;
            throw new EngineException(ERROR, component + " (" + path + ") could not be loaded: " + e.getMessage(), e);
        }
    }

    private Map<String, Port> ports(Map<String, NodeInfo> info) {
        Map<String, Port> out = new LinkedHashMap<>();
        for (NodeInfo n : info.values()) {
            if (!(n.getInfo() instanceof TensorInfo t)) {
                throw new EngineException(ERROR, component + " has a non-tensor port " + n.getName());
            }
            out.put(n.getName(), new Port(n.getName(), t.type, t.getShape()));
        }
        return out;
    }

    List<Port> inputs() {
        return List.copyOf(inputs.values());
    }

    List<Port> outputs() {
        return List.copyOf(outputs.values());
    }

    /** Runs the graph on {@code feeds} (by input name) and returns the named outputs as float arrays. */
    Map<String, float[]> run(Map<String, Feed> feeds, Set<String> wanted) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> created = new ArrayList<>();
        try {
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            for (Map.Entry<String, Feed> e : feeds.entrySet()) {
                Port port = inputs.get(e.getKey());
                if (port == null) {
                    throw new EngineException(ERROR, component + " has no input " + e.getKey() + "; it has "
                            + inputs.keySet());
                }
                OnnxTensor t = tensor(env, port.type(), e.getValue());
                created.add(t);
                in.put(e.getKey(), t);
            }
            try (OrtSession.Result result = session.run(in, wanted)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), floats((OnnxTensor) e.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new EngineException(ERROR, component + " failed: " + e.getMessage(), e);
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(OrtEnvironment env, OnnxJavaType type, Feed feed) throws OrtException {
        float[] v = feed.values();
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(v), feed.shape());
            case FLOAT16 -> {
                ShortBuffer b = direct(v.length * 2).asShortBuffer();
                for (float f : v) {
                    b.put(Float.floatToFloat16(f));
                }
                yield OnnxTensor.createTensor(env, b.rewind(), feed.shape(), OnnxJavaType.FLOAT16);
            }
            case DOUBLE -> {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                yield OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(d), feed.shape());
            }
            case INT32 -> {
                int[] d = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = (int) v[i]; // truncation, as numpy's astype does for timesteps
                }
                yield OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(d), feed.shape());
            }
            case INT64 -> {
                long[] d = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = (long) v[i];
                }
                yield OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(d), feed.shape());
            }
            default -> throw new EngineException(ERROR, component + " takes " + type + ", which Atelier cannot feed");
        };
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    private float[] floats(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        return switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] out = new float[b.remaining()];
                b.get(out);
                yield out;
            }
            case FLOAT16 -> {
                ShortBuffer b = t.getShortBuffer();
                float[] out = new float[b.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.float16ToFloat(b.get(i));
                }
                yield out;
            }
            default -> throw new EngineException(ERROR, component + " gives " + info.type + ", not a float tensor");
        };
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // closing a session that failed is not worth failing the caller for
            }
            session = null;
        }
    }
}
