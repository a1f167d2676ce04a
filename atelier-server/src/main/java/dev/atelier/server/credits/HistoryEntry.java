package dev.atelier.server.credits;

import java.time.Instant;
import java.util.List;

/**
 * One change of a key's units, as {@code client/credit/history} lists it.
 *
 * @param action   the contract's history action ({@code api_photo_enhance}, {@code permanent_credits}, {@code expire}…)
 * @param targetId the task id or grant id the change is about
 * @param feature  the feature of a task charge, else null
 * @param units    signed hundredths: the total of {@code lines}, or for an unlimited key the cost recorded
 * @param lines    per grant: which grant changed by how much (signed hundredths)
 */
public record HistoryEntry(long id, Instant at, String action, String targetId, String feature, long units,
        List<Line> lines) {
    public record Line(long grantId, long amount) {}

    /** A page of history, newest first; {@code nextToken} is null on the last page. */
    public record Page(List<HistoryEntry> entries, String nextToken) {}
}
