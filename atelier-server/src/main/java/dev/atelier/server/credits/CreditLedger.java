package dev.atelier.server.credits;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The units ledger of every key: grants, reservations held by tasks, and the history of what changed a balance.
 * {@code store.JdbiCreditLedger} keeps it in SQL; the composition root picks it.
 *
 * <p>A reservation checks and debits the balance together, so concurrent submits can never spend the same units.
 * Units are taken from the grants closest to expiry first, ties by the earliest acquired (CONTRACTS D.5). Settling and
 * releasing change a reserved charge only, so doing either twice (two nodes, a hook and the reconciler) changes
 * nothing the second time.
 */
public interface CreditLedger {
    /**
     * Gives {@code keyId} {@code amount} hundredths, expiring at {@code expiresAt} (null: never).
     *
     * @throws IllegalArgumentException when {@code amount} is not positive or {@code expiresAt} is not in the future
     */
    Grant grant(String keyId, long amount, GrantType type, Instant expiresAt, String note);

    /** Every grant of the key, soonest expiry first. */
    List<Grant> grants(String keyId);

    Balance balance(String keyId);

    /**
     * Holds {@code cost} hundredths for {@code taskId} before it is queued, or fails with {@code CreditInsufficiency}
     * leaving nothing held. An unlimited key holds nothing; its charge is recorded all the same.
     */
    void reserve(String keyId, String taskId, String feature, long cost, String sourceIp);

    /** Turns a task's held units into a charge (the task succeeded); empty when it was not reserved any more. */
    default Optional<Charge> settle(String taskId) {
        return settle(taskId, Long.MAX_VALUE);
    }

    /**
     * As {@link #settle(String)}, charging at most {@code amount} hundredths and giving the rest of the held units
     * back: for features priced by what they turned out to use (seconds of video), which reserve their maximum.
     */
    Optional<Charge> settle(String taskId, long amount);

    /** Gives a task's held units back (error, expiry or deletion before success); empty when not reserved any more. */
    Optional<Charge> release(String taskId);

    Optional<Charge> charge(String taskId);

    /**
     * Reserved charges whose task has an outcome, or whose task never got stored: what the hooks missed (a node
     * stopped between the task's transition and the hook). Returns task id → the task's state (empty: no task).
     *
     * @param orphanBefore only charges created before this count as orphaned when their task is missing, because a
     *                     submit reserves a moment before it stores the task
     */
    Map<String, String> unsettled(Instant orphanBefore, int limit);

    /** Writes off what is left of grants that have expired (a history entry {@code expire} each); returns how many. */
    int expireGrants();

    /** A page of the key's history, newest first; {@code startingToken} is a previous page's {@code nextToken}. */
    HistoryEntry.Page history(String keyId, int pageSize, String startingToken);

    /** The contract's history action for a task of {@code feature} (CONTRACTS A.7). */
    static String action(String feature) {
        return switch (feature) {
            case "enhance" -> "api_photo_enhance";
            case "obj-removal", "generative-fill" -> "api_object_removal";
            case "sod" -> "api_background_removal";
            case "colorize" -> "api_colorize";
            case "text-to-image" -> "api_text_to_image";
            case "hair-style" -> "api_hair_style";
            default -> "api_" + feature.replace('-', '_').replace('/', '_');
        };
    }
}
