package dev.atelier.engines.onnx.tflite;

/** A TFLite model could not be read or uses an operator or option the importer does not convert. */
public final class TfliteException extends RuntimeException {
    public TfliteException(String message) {
        super(message);
    }
}
