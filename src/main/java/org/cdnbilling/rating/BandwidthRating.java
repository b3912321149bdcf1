package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.util.List;

/**
 * Prices a day's peak bandwidth ({@code day_bandwidth}) whole at the tier it reaches (Alibaba's 阶梯到达): a peak
 * of up to the first limit is priced at tier 1, up to the second at tier 2, and so on. Quantities are Mbps of
 * 10^6 bit/s, exact.
 * One rating per price book version ({@link PriceBookVersion#bandwidth}).
 */
public class BandwidthRating {

    public static final String UNIT = "Mbps";

    private final PriceBook prices;

    public BandwidthRating(PriceBook prices) {
        this.prices = prices;
    }

    /** @param peakBps the region's highest 5-minute peak of the Beijing day, in bit/s */
    public RatedLine rateDay(Region region, long peakBps) {
        if (peakBps < 0) {
            throw new IllegalArgumentException("a peak is never negative");
        }
        BigDecimal mbps = BigDecimal.valueOf(peakBps).movePointLeft(6).stripTrailingZeros();
        int tier = tierReached(mbps);
        BigDecimal unitPrice = prices.bandwidthPrices(region).get(tier - 1);
        BigDecimal amount = mbps.multiply(unitPrice);
        List<TierPortion> portions = peakBps == 0 ? List.of() : List.of(new TierPortion(tier, mbps, unitPrice, amount));
        return new RatedLine(region, mbps, UNIT, portions, amount);
    }

    private int tierReached(BigDecimal mbps) {
        List<Long> limits = prices.bandwidthTierLimitsMbps();
        for (int i = 0; i < limits.size(); i++) {
            if (mbps.compareTo(BigDecimal.valueOf(limits.get(i))) <= 0) {
                return i + 1;
            }
        }
        return PriceBook.TIERS;
    }
}
