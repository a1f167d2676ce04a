package dev.atelier.server.api.youcam;

import dev.atelier.server.api.ApiException;
import dev.atelier.server.api.ErrorCode;
import dev.atelier.server.effects.Effect;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses a v2 request field that neither the wire (inputs, {@code output_ext}, {@code request_id}) nor the feature
 * reads, with {@code BadRequest} ("unexpected parameter", CONTRACTS) naming it and the field it is closest to: a
 * misspelled {@code mask_file_id} silently ignored would run the task without its mask.
 */
final class UnknownFields {
    /** At most this many edits apart counts as "close": catches typos, not unrelated names. */
    private static final int CLOSE = 2;

    private UnknownFields() {}

    static void refuse(Effect effect, Set<String> sent) {
        Set<String> known = new TreeSet<>(effect.fieldNames());
        for (String field : new TreeSet<>(sent)) {
            if (known.contains(field)) {
                continue;
            }
            Set<String> all = new TreeSet<>(known);
            all.addAll(RequestBodies.V2_INPUT_FIELDS);
            String hint = closest(field, all).map(c -> "; did you mean " + c + "?").orElse("");
            throw new ApiException(ErrorCode.BAD_REQUEST, "unknown field " + field + " for " + effect.spec().feature()
                    + hint + " (its fields: " + String.join(", ", known.isEmpty() ? Set.of("none besides the inputs")
                            : known) + "; inputs: src_file_id/src_file_url, ref_file_id/ref_file_url, "
                    + "msk_file_id/msk_file_url where the feature takes them)");
        }
    }

    static Optional<String> closest(String field, Set<String> candidates) {
        String best = null;
        int bestDistance = CLOSE + 1;
        for (String c : candidates) {
            int d = distance(field, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance (two short names: the quadratic table is tiny). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
