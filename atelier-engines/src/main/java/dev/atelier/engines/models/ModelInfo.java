package dev.atelier.engines.models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        String detail) {

    /** The model as {@code atelier models list --json} and {@code GET /admin/v1/models} show it (callers add more). */
    public Map<String, Object> wire() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", id);
        j.put("state", state.name().toLowerCase(Locale.ROOT));
        j.put("capability", capability.name().toLowerCase(Locale.ROOT));
        j.put("family", family);
        j.put("size", size);
        j.put("license", license.id());
        j.put("license_permissive", license.permissive());
        j.put("description", description);
        return j;
    }
}
