package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/** How a bill's total is formed from its exact lines. */
public final class Bills {

    /** Cents: a bill's total is rounded half-up to 0.01, once, from the exact sum of its lines. */
    public static final int TOTAL_SCALE = 2;

    private Bills() {
    }

    public static BigDecimal total(Collection<RatedLine> lines) {
        return lines.stream().map(RatedLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(TOTAL_SCALE, RoundingMode.HALF_UP);
    }
}
