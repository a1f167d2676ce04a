/**
 * The one parser of setting values, shared by the server's settings and the engines' own (ONNX Runtime, routing,
 * remote inference): durations ({@code 500ms}, {@code 30s}, {@code 2m}) and sizes ({@code 10MB}) in one syntax, and
 * renamed settings read under their old names too, where a bare number keeps its old unit.
 */
package dev.atelier.engines.config;
