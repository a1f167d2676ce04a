package dev.atelier.server.credits;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Conversions between unit amounts as people write them ({@code 2.5}) and as stored (hundredths, {@code 250}). */
public final class Units {
    private Units() {}

    /** Hundredths of {@code amount}; more than two decimals is an error rather than a silent rounding. */
    public static long hundredths(BigDecimal amount) {
        try {
            return amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("unit amounts have at most two decimals, got " + amount.toPlainString());
        }
    }

    /** Parses {@code "2"}, {@code "0.25"}; see {@link #hundredths(BigDecimal)}. */
    public static long parse(String amount) {
        try {
            return hundredths(new BigDecimal(amount.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a unit amount: '" + amount + "'");
        }
    }

    /** The amount with two decimals, e.g. {@code 250 → 2.50}. */
    public static BigDecimal decimal(long hundredths) {
        return BigDecimal.valueOf(hundredths, 2);
    }

    /** The deprecated integer {@code amount} of the wire: whole units, rounded toward zero. */
    public static long whole(long hundredths) {
        return hundredths / 100;
    }
}
