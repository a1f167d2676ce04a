package dev.atelier.engines.models;

/**
 * One row of {@link ModelRegistry#list()}: a known model and its state on this machine.
 *
 * @param size the total size of the model's files in bytes
 * @param detail why the state is what it is (e.g. which file is missing), empty when installed
 */
public record ModelInfo(
        String id,
        ModelState state,
        ModelCapability capability,
        String family,
        long size,
        ModelLicense license,
        String description,
        String detail) {}
