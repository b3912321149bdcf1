package org.cdnbilling.billapi;

import java.time.Instant;
import java.util.List;

/**
 * The latest bill of one period (the highest supplement): its lines hold the whole period's quantities.
 *
 * @param lines per region, in the order of {@link org.cdnbilling.rating.Region}
 */
record PeriodBill(BillType billType, Instant periodStart, List<Line> lines) {

    /** A region's quantity: bytes for {@code hour_flow}, bit/s for {@code day_bandwidth}. */
    record Line(String region, long quantity) {
    }
}
