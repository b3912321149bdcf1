package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.util.List;

/**
 * One region's charge for one period: what was used, how each tier priced it, and the exact amount (not
 * rounded: a bill rounds its total once, {@link Bills#total}).
 *
 * @param unit {@code GB} (2^30 bytes) for traffic, {@code Mbps} (10^6 bit/s) for a day's peak bandwidth
 */
public record RatedLine(Region region, BigDecimal quantity, String unit, List<TierPortion> tiers, BigDecimal amount) {

    public RatedLine {
        tiers = List.copyOf(tiers);
    }
}
