package org.cdnbilling.rating;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The prices of the CDN's usage ({@code cdn.billing.price-book.*}); every setting has the default below, and a
 * region configured under {@code traffic} or {@code bandwidth} replaces that region's defaults.
 *
 * <p>Traffic ({@code hour_flow}): USD per GB (2^30 bytes), four tiers by the account's month-to-date traffic in
 * the region, starting at 0, {@code trafficTierStarts} (50 TB, 100 TB, 1 PB; TB = 2^40 bytes, PB = 2^50), Alibaba
 * Cloud's international list prices. Bandwidth ({@code day_bandwidth}): USD per Mbps (10^6 bit/s) per day, four
 * tiers by the day's peak, up to each of {@code bandwidthTierLimitsMbps} (500 Mbps, 5 Gbps, 20 Gbps) and above:
 * Alibaba's mainland prices in USD for CN; Alibaba publishes no international list price for it, so every other
 * region's are ours.
 *
 * @param currency ISO 4217 code of every price and bill
 */
@ConfigurationProperties("cdn.billing.price-book")
public record PriceBook(
        @DefaultValue("USD") String currency,
        List<DataSize> trafficTierStarts,
        Map<Region, List<BigDecimal>> traffic,
        List<Long> bandwidthTierLimitsMbps,
        Map<Region, List<BigDecimal>> bandwidth) {

    public static final int TIERS = 4;

    static final List<DataSize> DEFAULT_TRAFFIC_TIER_STARTS =
            List.of(DataSize.ofTerabytes(50), DataSize.ofTerabytes(100), DataSize.ofTerabytes(1024));
    static final List<Long> DEFAULT_BANDWIDTH_TIER_LIMITS_MBPS = List.of(500L, 5_000L, 20_000L);

    private static final Map<Region, List<BigDecimal>> DEFAULT_TRAFFIC = prices(Map.of(
            Region.CN, "0.04 0.03 0.03 0.02",
            Region.NA, "0.07 0.06 0.03 0.025",
            Region.EU, "0.07 0.06 0.03 0.025",
            Region.AP1, "0.081 0.062 0.053 0.048",
            Region.AP2, "0.108 0.094 0.079 0.072",
            Region.AP3, "0.096 0.083 0.070 0.064",
            Region.MEAA, "0.105 0.085 0.07 0.06",
            Region.SA, "0.105 0.085 0.07 0.06"));

    private static final Map<Region, List<BigDecimal>> DEFAULT_BANDWIDTH = bandwidthDefaults();

    public PriceBook {
        currency = currency == null ? "USD" : currency;
        trafficTierStarts = List.copyOf(trafficTierStarts == null ? DEFAULT_TRAFFIC_TIER_STARTS : trafficTierStarts);
        bandwidthTierLimitsMbps = List.copyOf(
                bandwidthTierLimitsMbps == null ? DEFAULT_BANDWIDTH_TIER_LIMITS_MBPS : bandwidthTierLimitsMbps);
        traffic = completed(traffic, DEFAULT_TRAFFIC, "traffic");
        bandwidth = completed(bandwidth, DEFAULT_BANDWIDTH, "bandwidth");
        ascending(trafficTierStarts.stream().map(DataSize::toBytes).toList(), "traffic-tier-starts");
        ascending(bandwidthTierLimitsMbps, "bandwidth-tier-limits-mbps");
    }

    /** The price book with every default. */
    public static PriceBook defaults() {
        return new PriceBook(null, null, null, null, null);
    }

    /** USD (or {@link #currency}) per GB of the region's traffic, for tier 1 to 4. */
    public List<BigDecimal> trafficPrices(Region region) {
        return traffic.get(region);
    }

    /** Per Mbps and day of the region's peak bandwidth, for tier 1 to 4. */
    public List<BigDecimal> bandwidthPrices(Region region) {
        return bandwidth.get(region);
    }

    private static Map<Region, List<BigDecimal>> completed(Map<Region, List<BigDecimal>> configured,
            Map<Region, List<BigDecimal>> defaults, String name) {
        Map<Region, List<BigDecimal>> all = new EnumMap<>(defaults);
        if (configured != null) {
            configured.forEach((region, prices) -> all.put(region, List.copyOf(prices)));
        }
        all.forEach((region, prices) -> {
            if (prices.size() != TIERS || prices.stream().anyMatch(price -> price.signum() < 0)) {
                throw new IllegalArgumentException("cdn.billing.price-book." + name + "." + region
                        + " must be " + TIERS + " prices of 0 or more, one per tier");
            }
        });
        return Map.copyOf(all);
    }

    private static void ascending(List<Long> limits, String name) {
        boolean ascending = limits.size() == TIERS - 1 && limits.get(0) > 0;
        for (int i = 1; ascending && i < limits.size(); i++) {
            ascending = limits.get(i) > limits.get(i - 1);
        }
        if (!ascending) {
            throw new IllegalArgumentException("cdn.billing.price-book." + name + " must be " + (TIERS - 1)
                    + " ascending positive limits between the " + TIERS + " tiers");
        }
    }

    private static Map<Region, List<BigDecimal>> prices(Map<Region, String> spaced) {
        Map<Region, List<BigDecimal>> prices = new EnumMap<>(Region.class);
        spaced.forEach((region, list) -> prices.put(region,
                Arrays.stream(list.split(" ")).map(BigDecimal::new).toList()));
        return prices;
    }

    private static Map<Region, List<BigDecimal>> bandwidthDefaults() {
        Map<Region, String> spaced = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            spaced.put(region, region == Region.CN ? "0.084 0.082 0.079 0.075" : "0.145 0.140 0.130 0.120");
        }
        return prices(spaced);
    }
}
