package dev.atelier.engines.onnx.tfjs;

/** A TF.js model could not be read, or uses an operator, layer or option the importer does not convert. */
public final class TfjsException extends RuntimeException {
    public TfjsException(String message) {
        super(message);
    }
}
