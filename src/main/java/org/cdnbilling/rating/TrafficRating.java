package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Prices an hour of traffic ({@code hour_flow}) progressively: the hour's bytes continue the account's
 * month-to-date total in the region, and the part of them that lies beyond a tier's start is priced at that
 * tier (Alibaba's 阶梯累进). Quantities are GB of 2^30 bytes, exact: a byte count divided by a power of two is
 * a finite decimal.
 */
@Component
public class TrafficRating {

    public static final String UNIT = "GB";
    static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);

    private final PriceBook prices;

    public TrafficRating(PriceBook prices) {
        this.prices = prices;
    }

    /**
     * @param monthToDateBytes the region's bytes of the same Beijing month before this hour
     * @param hourBytes the region's bytes of this hour
     */
    public RatedLine rateHour(Region region, long monthToDateBytes, long hourBytes) {
        if (monthToDateBytes < 0 || hourBytes < 0) {
            throw new IllegalArgumentException("byte counts are never negative");
        }
        List<BigDecimal> unitPrices = prices.trafficPrices(region);
        List<TierPortion> portions = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        long from = monthToDateBytes;
        long to = Math.addExact(monthToDateBytes, hourBytes);
        for (int tier = 0; tier < PriceBook.TIERS; tier++) {
            long tierStart = tier == 0 ? 0 : prices.trafficTierStarts().get(tier - 1).toBytes();
            long tierEnd = tier == PriceBook.TIERS - 1 ? Long.MAX_VALUE : prices.trafficTierStarts().get(tier).toBytes();
            long bytes = Math.min(to, tierEnd) - Math.max(from, tierStart);
            if (bytes > 0) {
                BigDecimal gb = gigabytes(bytes);
                BigDecimal tierAmount = gb.multiply(unitPrices.get(tier));
                portions.add(new TierPortion(tier + 1, gb, unitPrices.get(tier), tierAmount));
                amount = amount.add(tierAmount);
            }
        }
        return new RatedLine(region, gigabytes(hourBytes), UNIT, portions, amount);
    }

    static BigDecimal gigabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BYTES_PER_GB).stripTrailingZeros();
    }
}
