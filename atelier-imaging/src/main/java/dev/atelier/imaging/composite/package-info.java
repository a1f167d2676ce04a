/**
 * Compositing a subject over its background given a subject matte: lens-like background blur and background
 * replacement by a colour or a picture, both without halos ({@link dev.atelier.imaging.composite.Background}), and
 * the subject's own colour in the soft edge for cut-outs ({@link dev.atelier.imaging.composite.Matting}).
 */
package dev.atelier.imaging.composite;
