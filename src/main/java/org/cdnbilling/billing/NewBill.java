package org.cdnbilling.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.rating.Region;

/**
 * A bill to be written: a period's re-rating with every sample known, at the prices of the price book version in
 * force at the period's start, and what it charges now.
 */
record NewBill(Period period, int supplement, InternetChargeType chargeType, String currency, int priceBookVersion,
        BigDecimal ratedAmount,
        BigDecimal previouslyBilled, BigDecimal total, String runId, Instant createdAt, List<Line> lines) {

    /** A region's line: quantity in bytes or bit/s, the exact amount and the tiers as JSON. */
    record Line(Region region, long quantity, BigDecimal amount, String tiers) {
    }

    String reference() {
        return period.type().reference(period.start(), supplement);
    }
}
