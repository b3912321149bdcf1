package org.cdnbilling.billing.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The price book as docs/billing.md states it, and its versions as {@code POST /admin/price-books} adds them.
 * Written from the documentation alone: nothing here reads or copies the application's rating classes.
 * <p>
 * "Traffic, USD per GB: [0, 50 TB) · [50 TB, 100 TB) · [100 TB, 1 PB) · 1 PB and up"; "Bandwidth, USD per Mbps and
 * day: ≤ 500 Mbps · ≤ 5 Gbps · ≤ 20 Gbps · above" (docs/billing.md, "Price book and rating rules").
 */
public final class ReferencePrices {

    /** "GB = 2^30 bytes, TB = 2^40, PB = 2^50". */
    public static final long GB = 1L << 30;
    public static final long TB = 1L << 40;
    public static final long PB = 1L << 50;
    /** The starts of the four traffic tiers in bytes of the month-to-date. */
    public static final long[] TRAFFIC_TIER_STARTS = {0, 50 * TB, 100 * TB, PB};
    /** The upper limits (inclusive) of the first three bandwidth tiers in Mbps; above the third is tier 4. */
    public static final BigDecimal[] BANDWIDTH_TIER_LIMITS_MBPS = {new BigDecimal("500"), new BigDecimal("5000"),
            new BigDecimal("20000")};
    public static final List<String> REGIONS = List.of("CN", "AP1", "AP2", "AP3", "NA", "SA", "EU", "MEAA");

    /** One version of the price book: in force from {@code effectiveFrom} until the next version's. */
    public record Version(int version, Instant effectiveFrom, Map<String, List<BigDecimal>> traffic,
            Map<String, List<BigDecimal>> bandwidth) {

        public BigDecimal trafficPrice(String region, int tier) {
            return traffic.get(region).get(tier);
        }

        public BigDecimal bandwidthPrice(String region, int tier) {
            return bandwidth.get(region).get(tier);
        }

        /** This version with some regions' traffic prices replaced ("omitted regions keep the latest version's"). */
        Version next(int number, Instant from, Map<String, List<BigDecimal>> trafficChanges) {
            Map<String, List<BigDecimal>> changed = new LinkedHashMap<>(traffic);
            changed.putAll(trafficChanges);
            return new Version(number, from, Map.copyOf(changed), bandwidth);
        }
    }

    private final List<Version> versions = new ArrayList<>();

    /** The documented defaults as the first version, in force from {@code effectiveFrom} (the start of time). */
    public ReferencePrices(int firstVersion, Instant effectiveFrom) {
        versions.add(new Version(firstVersion, effectiveFrom, documentedTraffic(), documentedBandwidth()));
    }

    /** The docs' traffic column, USD per GB. */
    static Map<String, List<BigDecimal>> documentedTraffic() {
        Map<String, List<BigDecimal>> traffic = new LinkedHashMap<>();
        traffic.put("CN", prices("0.04", "0.03", "0.03", "0.02"));
        traffic.put("NA", prices("0.07", "0.06", "0.03", "0.025"));
        traffic.put("EU", prices("0.07", "0.06", "0.03", "0.025"));
        traffic.put("AP1", prices("0.081", "0.062", "0.053", "0.048"));
        traffic.put("AP2", prices("0.108", "0.094", "0.079", "0.072"));
        traffic.put("AP3", prices("0.096", "0.083", "0.070", "0.064"));
        traffic.put("MEAA", prices("0.105", "0.085", "0.07", "0.06"));
        traffic.put("SA", prices("0.105", "0.085", "0.07", "0.06"));
        return Map.copyOf(traffic);
    }

    /** The docs' bandwidth column, USD per Mbps and day. */
    static Map<String, List<BigDecimal>> documentedBandwidth() {
        Map<String, List<BigDecimal>> bandwidth = new LinkedHashMap<>();
        for (String region : REGIONS) {
            bandwidth.put(region, region.equals("CN") ? prices("0.084", "0.082", "0.079", "0.075")
                    : prices("0.145", "0.140", "0.130", "0.120"));
        }
        return Map.copyOf(bandwidth);
    }

    public static List<BigDecimal> prices(String... prices) {
        return java.util.Arrays.stream(prices).map(BigDecimal::new).toList();
    }

    /** Adds the version the API answered for a change of some regions' traffic prices. */
    public synchronized Version add(int number, Instant effectiveFrom, Map<String, List<BigDecimal>> trafficChanges) {
        Version version = latest().next(number, effectiveFrom, trafficChanges);
        versions.add(version);
        return version;
    }

    /** A version the application lists that this test did not add (prices as listed). */
    public synchronized void addListed(int number, Instant effectiveFrom, Map<String, List<BigDecimal>> traffic,
            Map<String, List<BigDecimal>> bandwidth) {
        versions.add(new Version(number, effectiveFrom, Map.copyOf(traffic), Map.copyOf(bandwidth)));
    }

    public synchronized Version latest() {
        return versions.stream().max(Comparator.comparing(Version::effectiveFrom)).orElseThrow();
    }

    /** "the price book version in force at the hour's start" (or the Beijing day's): the latest that began by then. */
    public synchronized Version inForceAt(Instant instant) {
        return versions.stream().filter(v -> !v.effectiveFrom().isAfter(instant))
                .max(Comparator.comparing(Version::effectiveFrom)).orElseThrow();
    }

    public synchronized List<Version> versions() {
        return List.copyOf(versions);
    }
}
