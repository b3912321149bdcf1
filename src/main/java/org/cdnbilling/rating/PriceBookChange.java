package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A new version of the price book as an operator sends it: what is null or missing (a region not named) is taken
 * from the latest version.
 *
 * @param trafficTierStarts in bytes
 */
public record PriceBookChange(Instant effectiveFrom, Map<Region, List<BigDecimal>> traffic,
        Map<Region, List<BigDecimal>> bandwidth, List<Long> trafficTierStarts, List<Long> bandwidthTierLimitsMbps) {

    public PriceBookChange {
        traffic = traffic == null ? Map.of() : Map.copyOf(traffic);
        bandwidth = bandwidth == null ? Map.of() : Map.copyOf(bandwidth);
    }
}
