package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices an hour of traffic ({@code hour_flow}) progressively: the hour's bytes continue the account's
 * month-to-date total in the region, and the part of them that lies beyond a tier's start is priced at that
 * tier (Alibaba's 阶梯累进). Quantities are GB of 2^30 bytes, exact: a byte count divided by a power of two is
 * a finite decimal.
 * One rating per price book version ({@link PriceBookVersion#traffic}).
 */
public class TrafficRating {

    public static final String UNIT = "GB";
    private static final int GB_SHIFT = 30;
    private static final BigInteger[] POWERS_OF_FIVE = new BigInteger[GB_SHIFT + 1];

    static {
        for (int k = 0; k <= GB_SHIFT; k++) {
            POWERS_OF_FIVE[k] = BigInteger.valueOf(5).pow(k);
        }
    }

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

    /**
     * {@code bytes / 2^30}, exact and without trailing zeros. Computed without a division (a tenth of the
     * billing run's allocations went to BigDecimal's exact divide): with {@code bytes = odd * 2^k}, k at most
     * 30, the quotient is {@code odd * 5^(30-k) / 10^(30-k)}, whose unscaled value is odd and so has no
     * trailing zero.
     */
    static BigDecimal gigabytes(long bytes) {
        int twos = Math.min(Long.numberOfTrailingZeros(bytes), GB_SHIFT);
        long odd = bytes >> twos;
        int scale = GB_SHIFT - twos;
        if (scale == 0) {
            return BigDecimal.valueOf(odd).stripTrailingZeros();
        }
        return new BigDecimal(BigInteger.valueOf(odd).multiply(POWERS_OF_FIVE[scale]), scale);
    }
}
