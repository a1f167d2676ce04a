/**
 * This node's engines: {@link dev.atelier.server.localengines.LocalEngines} builds the classical and ONNX engines
 * over the model registry ({@code ATELIER_MODELS_DIR}, operator manifests) and decides which model serves which
 * capability; the {@code Preferred*} engines choose a model when it is installed and the classical engine otherwise,
 * re-choosing on every run and naming the choice in the result. (Named so as not to be confused with the engines
 * module, {@code dev.atelier.engines}.)
 */
package dev.atelier.server.localengines;
