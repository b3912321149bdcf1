package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * How a bill's amounts are formed from its lines, by one rule a customer can check with the bill in hand: each
 * line's amount is its exact amount rounded half-up to 8 decimals, the bill's rated amount is the sum of those
 * lines, and its total is the rated amount rounded half-up to 0.01 (less what the period's earlier bills charged).
 */
public final class Bills {

    /** A line's amount and a bill's rated amount: 8 decimals, each line rounded half-up once. */
    public static final int LINE_SCALE = 8;
    /** Cents: a bill's total is its rated amount rounded half-up to 0.01. */
    public static final int TOTAL_SCALE = 2;

    private Bills() {
    }

    /** The line's amount as the bill shows it: its exact amount rounded half-up to 8 decimals. */
    public static BigDecimal lineAmount(RatedLine line) {
        return line.amount().setScale(LINE_SCALE, RoundingMode.HALF_UP);
    }

    /** The sum of the lines' amounts as the bill shows them. */
    public static BigDecimal ratedAmount(Collection<RatedLine> lines) {
        return lines.stream().map(Bills::lineAmount).reduce(BigDecimal.ZERO.setScale(LINE_SCALE), BigDecimal::add);
    }

    /** The rated amount rounded half-up to cents. */
    public static BigDecimal total(Collection<RatedLine> lines) {
        return ratedAmount(lines).setScale(TOTAL_SCALE, RoundingMode.HALF_UP);
    }
}
