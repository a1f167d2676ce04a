/**
 * Basic spatial filters on single float planes — Gaussian blur and its building blocks — shared by the
 * classical engines in the sibling packages.
 */
package dev.atelier.imaging.filter;
